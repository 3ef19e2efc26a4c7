using Clearline.Risk.Prices;
using static Clearline.Risk.Tests.Prices.PriceTesting;

namespace Clearline.Risk.Tests.Prices;

/// <summary>
/// A fixed script through index and mark with every output pinned: any change to a rounding rule, the median,
/// the band or the decay shows up here, as it would in the replay of a recorded journal. The values were checked
/// against an independent model of the same rules with the exponential evaluated to 60 digits.
/// </summary>
public sealed class PriceGoldenTests
{
    /// <summary>Sequencer time (ms), a source quote (source, mid) or none, the book's fair price or none, expected index and mark.</summary>
    private static readonly (long Millis, int Source, string? Mid, string? Fair, string? Index, string? Mark)[] Script =
    [
        (0, 1, "65000", null, null, null),
        (200, 2, "65010.5", null, null, null),
        (400, 3, "64995.25", "65020", "65001.91666667", "65001.91666667"),
        (1_000, 4, "65003", "65020", "65002.1875", "65002.545574"),
        (2_000, 3, "66000", "65030", "65086.3209375", "65087.25123565"),
        (3_000, 0, null, "65100", "65086.3209375", "65085.37431689"),
        (5_000, 1, "65100", null, "65123.5065625", "65123.50319629"),
        (9_000, 2, "65120", "65400", "65164.6375", "65164.63455399"),
        (13_000, 4, "65150", "65400", "65123.33333333", "65152.71027476"),
        (14_000, 0, null, "65400", "65123.33333333", "65160.81739627"),
        (16_000, 0, null, "65400", null, null),
        (17_000, 3, "65140", "65380", "65136.66666667", "65187.84175154"),
        (60_000, 1, "65140", "65380", null, null),
        (76_000, 2, "65200", "65300", null, null),
        (77_000, 3, "65210", "65300", null, null),
        (78_000, 4, "65190", "65300", "65200", "65308.39094503"),
        (79_000, 1, "65230", "65300", "65207.5", "65315.61585713"),
        (85_000, 0, null, "65300", "65207.5", "65312.78518246"),
    ];

    [Fact]
    public void A_fixed_sequence_gives_the_pinned_index_and_mark()
    {
        var index = new IndexCalculator(Sources(1, 2, 3, 4));
        var mark = new MarkPriceCalculator(new MarkConfig());
        var actual = new List<(string? Index, string? Mark)>();
        foreach (var (millis, source, mid, fair, _, _) in Script)
        {
            var now = millis * 1_000;
            if (mid is not null)
            {
                Assert.Equal(QuoteUpdate.Accepted, index.Update(source, Quote(mid, now)));
            }

            var indexPrice = index.Calculate(now).Price;
            var markPrice = mark.Update(now, indexPrice, fair is null ? null : Usd(fair)).Price;
            actual.Add((indexPrice?.ToString(), markPrice?.ToString()));
        }

        Assert.Equal(Script.Select(s => (s.Index, s.Mark)), actual);
        Assert.Equal(
            new IndexState([new IndexSourceQuote(1, Quote("65230", 79 * Second)), new IndexSourceQuote(2, Quote("65200", 76 * Second)), new IndexSourceQuote(3, Quote("65210", 77 * Second)), new IndexSourceQuote(4, Quote("65190", 78 * Second))]),
            index.CaptureState());
        Assert.Equal(new MarkState(85 * Second, Usd("105.28518246"), Usd("92.5")), mark.CaptureState());
    }
}
