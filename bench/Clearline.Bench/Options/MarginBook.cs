using Clearline.Domain.Instruments;
using Clearline.Options.Margin;
using Clearline.Options.Numerics;

namespace Clearline.Bench.Options;

/// <summary>
/// A seeded portfolio-margin book on one inverse underlying (BTC-style, forward 60,000): five expiries (1, 7, 30, 90
/// and 180 days, each with its own forward) of 40 strikes each, calls and puts (400 options), every one with a risk
/// array on the default 35-scenario grid; and accounts of distinct option positions, signed sizes 0.1..10 contracts,
/// listed in instrument order. Everything comes from the seed and the kernel's own exp, so the checksums of the
/// margins are the same on every machine.
/// </summary>
public sealed class MarginBook
{
    /// <summary>The book's options: 5 expiries × 40 strikes × call and put.</summary>
    public const int Options = 400;

    private const int StrikesPerExpiry = 40;
    private static readonly double[] ExpiryDays = [1, 7, 30, 90, 180];

    private readonly RiskArray[] _risks;
    private readonly double[] _basis;
    private readonly double[] _volatilities;
    private readonly double[] _years;
    private readonly MarginPosition[][] _accounts;

    public MarginBook(int accounts, int positionsPerAccount, ulong seed)
    {
        Margin = new PortfolioMargin(new PortfolioMarginParameters());
        const int count = Options;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(positionsPerAccount, count);
        (_risks, _basis, _volatilities, _years) = (new RiskArray[count], new double[count], new double[count], new double[count]);
        for (var i = 0; i < count; i++)
        {
            var expiry = i / (2 * StrikesPerExpiry);
            var years = ExpiryDays[expiry] / 365;

            // Strikes ±2.5 standard deviations of a 60% at-the-money volatility; a smile rising 30 points per unit of
            // squared standard deviations; forwards in a small contango.
            var deviations = -2.5 + (5.0 * (i / 2 % StrikesPerExpiry) / (StrikesPerExpiry - 1));
            var strike = OptionContracts.Forward * DeterministicMath.Exp(deviations * 0.6 * Math.Sqrt(years));
            var type = i % 2 == 0 ? OptionType.Call : OptionType.Put;
            _risks[i] = Margin.CreateRiskArray(MarginInstrument.OptionOf(type, strike, MarginSettlement.Inverse, 1));
            (_basis[i], _volatilities[i], _years[i]) = (1 + (0.0005 * expiry), 0.6 + (0.03 * deviations * deviations), years);
        }

        Refresh(OptionContracts.Forward);
        var random = new Prng(seed);
        var order = new int[count];
        _accounts = new MarginPosition[accounts][];
        for (var a = 0; a < accounts; a++)
        {
            // A partial Fisher–Yates shuffle picks distinct instruments; sorted, the account reads the arrays in order.
            for (var i = 0; i < count; i++)
            {
                order[i] = i;
            }

            for (var i = 0; i < positionsPerAccount; i++)
            {
                var j = i + random.Next(count - i);
                (order[i], order[j]) = (order[j], order[i]);
            }

            Array.Sort(order, 0, positionsPerAccount);
            var positions = new MarginPosition[positionsPerAccount];
            for (var i = 0; i < positionsPerAccount; i++)
            {
                var size = (1 + random.Next(100)) / 10.0;
                positions[i] = new MarginPosition(_risks[order[i]], random.Chance(0.5) ? size : -size);
            }

            _accounts[a] = positions;
        }
    }

    public PortfolioMargin Margin { get; }

    public int Instruments => _risks.Length;

    public int Accounts => _accounts.Length;

    /// <summary>Recomputes every instrument's risk array at the underlying forward <paramref name="forward"/> (a tick).</summary>
    public void Refresh(double forward)
    {
        for (var i = 0; i < _risks.Length; i++)
        {
            _ = RefreshOne(i, forward);
        }
    }

    public RiskArray RefreshOne(int instrument, double forward)
    {
        var risk = _risks[instrument];
        risk.Refresh(forward * _basis[instrument], _volatilities[instrument], _years[instrument]);
        return risk;
    }

    public PortfolioMarginResult Evaluate(int account) => Margin.Evaluate(_accounts[account]);
}
