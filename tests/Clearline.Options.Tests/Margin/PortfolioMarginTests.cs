using Clearline.Domain.Instruments;
using Clearline.Options.Margin;
using Clearline.Options.Pricing;

namespace Clearline.Options.Tests.Margin;

/// <summary>
/// Portfolio margin (derivatives.md §1.4) against a brute-force revaluation written here from the formulas (the shock
/// with the platform's power function), the effect of a delta hedge, and the contingencies.
/// </summary>
public sealed class PortfolioMarginTests
{
    private const double Forward = 60_000;
    private static readonly PortfolioMargin Margin = new(new PortfolioMarginParameters());

    [Fact]
    public void The_default_grid_is_nine_moves_by_three_volatilities_then_the_extended_table()
    {
        var scenarios = Margin.Scenarios.ToArray();

        Assert.Equal(35, scenarios.Length);
        double[] moves = [-0.16, -0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12, 0.16];
        for (var i = 0; i < 27; i++)
        {
            Assert.Equal(moves[i / 3], scenarios[i].Move, 1e-15);
            Assert.Equal((VolatilityScenario)(i % 3), scenarios[i].Volatility);
            Assert.Equal(1, scenarios[i].Weight);
        }

        Assert.Equal(PortfolioMarginParameters.DefaultExtended, scenarios[27..].Select(s => new ExtendedMove(s.Move, s.Weight)));
        Assert.All(scenarios[27..], s => Assert.Equal(VolatilityScenario.Up, s.Volatility));
    }

    [Theory]
    [InlineData(MarginSettlement.Inverse)]
    [InlineData(MarginSettlement.Linear)]
    public void The_worst_case_matches_a_brute_force_revaluation(MarginSettlement settlement)
    {
        // Two expiries with their own forwards and smiles, short and long calls and puts near and far from the money,
        // and futures in both expiries (an inverse future's contract is 10 USD of face value).
        var futureSize = settlement == MarginSettlement.Inverse ? 10 : 1;
        (MarginInstrument Instrument, double Forward, double Volatility, double Years, double Contracts)[] book =
        [
            (MarginInstrument.OptionOf(OptionType.Call, 60_000, settlement, 1), 60_100, 0.55, 7 / 365.0, -3),
            (MarginInstrument.OptionOf(OptionType.Call, 75_000, settlement, 1), 60_100, 0.70, 7 / 365.0, -5),
            (MarginInstrument.OptionOf(OptionType.Put, 50_000, settlement, 1), 60_100, 0.75, 7 / 365.0, 2),
            (MarginInstrument.OptionOf(OptionType.Put, 58_000, settlement, 1), 61_500, 0.58, 90 / 365.0, -4),
            (MarginInstrument.OptionOf(OptionType.Call, 90_000, settlement, 0.1), 61_500, 0.80, 90 / 365.0, -20),
            (MarginInstrument.Future(settlement, futureSize), 60_100, 0, 0, 1.5 * 60_100 / futureSize),
            (MarginInstrument.Future(settlement, futureSize), 61_500, 0, 0, -0.5 * 61_500 / futureSize),
        ];
        var positions = new MarginPosition[book.Length];
        for (var i = 0; i < book.Length; i++)
        {
            var risk = Margin.CreateRiskArray(book[i].Instrument);
            risk.Refresh(book[i].Forward, book[i].Volatility, book[i].Years);
            positions[i] = new MarginPosition(risk, book[i].Contracts);
        }

        var worstLoss = 0.0;
        var worstScenario = -1;
        var scenarios = Margin.Scenarios.ToArray();
        for (var s = 0; s < scenarios.Length; s++)
        {
            var pnl = 0.0;
            foreach (var (instrument, forward, volatility, years, contracts) in book)
            {
                var shocked = ShockedVolatility(scenarios[s].Volatility, volatility, years);
                var moved = forward * (1 + scenarios[s].Move);
                pnl += contracts * scenarios[s].Weight * (Value(instrument, moved, shocked, years) - Value(instrument, forward, volatility, years));
            }

            if (-pnl > worstLoss)
            {
                (worstLoss, worstScenario) = (-pnl, s);
            }
        }

        var result = Margin.Evaluate(positions);

        Assert.True(worstLoss > 0);
        Assert.Equal(worstScenario, result.WorstScenario);
        Assert.Equal(worstLoss, result.ScenarioLoss, worstLoss * 1e-12);
    }

    [Fact]
    public void A_delta_hedged_short_call_needs_less_than_the_naked_call()
    {
        var call = Margin.CreateRiskArray(MarginInstrument.OptionOf(OptionType.Call, 60_000, MarginSettlement.Linear, 1));
        call.Refresh(Forward, 0.6, 30 / 365.0);
        var future = Margin.CreateRiskArray(MarginInstrument.Future(MarginSettlement.Linear, 1));
        future.Refresh(Forward, 0, 0);
        var delta = Black76.Evaluate(OptionType.Call, Forward, 60_000, 30 / 365.0, 0.6, 0).Delta;

        var naked = Margin.Evaluate([new MarginPosition(call, -10)]);
        var hedged = Margin.Evaluate([new MarginPosition(call, -10), new MarginPosition(future, 10 * delta)]);

        // Naked, the short call loses most on a large rise; hedged, what is left is the gamma and vega loss, far smaller.
        Assert.True(Margin.Scenarios[naked.WorstScenario].Move >= 0.16);
        Assert.True(hedged.Maintenance < naked.Maintenance / 2, $"hedged {hedged.Maintenance}, naked {naked.Maintenance}");
        Assert.Equal(naked.ShortOptionContingency, hedged.ShortOptionContingency);
    }

    [Fact]
    public void Net_short_options_pay_the_contingency_per_contract_in_the_settlement_currency()
    {
        var inverse = Refreshed(MarginInstrument.OptionOf(OptionType.Put, 55_000, MarginSettlement.Inverse, 1));
        var linear = Refreshed(MarginInstrument.OptionOf(OptionType.Call, 70_000, MarginSettlement.Linear, 0.5));
        var longCall = Refreshed(MarginInstrument.OptionOf(OptionType.Call, 65_000, MarginSettlement.Inverse, 1));

        // 0.01 BTC per short BTC option; 0.01 × 0.5 underlying × 60,000 USD per short half-coin linear option; none for a long one.
        Assert.Equal(0.03, Margin.Evaluate([new MarginPosition(inverse, -3), new MarginPosition(longCall, 4)]).ShortOptionContingency, 1e-15);
        Assert.Equal(600, Margin.Evaluate([new MarginPosition(linear, -2)]).ShortOptionContingency, 1e-9);
        Assert.Equal(0, Margin.Evaluate([new MarginPosition(longCall, 4)]).ShortOptionContingency);
    }

    [Fact]
    public void Futures_pay_the_spread_contingency_only_where_expiries_offset()
    {
        var december = Margin.CreateRiskArray(MarginInstrument.Future(MarginSettlement.Linear, 1));
        december.Refresh(60_000, 0, 0);
        var march = Margin.CreateRiskArray(MarginInstrument.Future(MarginSettlement.Linear, 1));
        march.Refresh(61_000, 0, 0);

        // Long 3 December against short 2 March: the matched part is the short side, 1% of 2 × 61,000.
        var spread = Margin.Evaluate([new MarginPosition(december, 3), new MarginPosition(march, -2)]);
        var sameSide = Margin.Evaluate([new MarginPosition(december, 3), new MarginPosition(march, 2)]);

        Assert.Equal(1_220, spread.FuturesSpreadContingency, 1e-9);
        Assert.Equal(0, sameSide.FuturesSpreadContingency);
        Assert.Equal(spread.ScenarioLoss + 1_220, spread.Maintenance, 1e-9);
        Assert.Equal(spread.Maintenance * 1.25, spread.Initial, 1e-9);
    }

    [Fact]
    public void The_extended_table_catches_a_far_out_of_the_money_short_call()
    {
        var withoutExtended = new PortfolioMargin(new PortfolioMarginParameters(Extended: []));
        var call = MarginInstrument.OptionOf(OptionType.Call, 120_000, MarginSettlement.Inverse, 1);
        var standard = withoutExtended.CreateRiskArray(call);
        standard.Refresh(Forward, 0.6, 30 / 365.0);
        var extended = Refreshed(call);

        var narrow = withoutExtended.Evaluate([new MarginPosition(standard, -1)]);
        var wide = Margin.Evaluate([new MarginPosition(extended, -1)]);

        // +16% leaves a 120,000 call far out of the money; the weighted large rises of the extended table cost far more.
        Assert.True(wide.WorstScenario >= 27 && Margin.Scenarios[wide.WorstScenario].Move >= 1);
        Assert.True(wide.ScenarioLoss > 5 * narrow.ScenarioLoss, $"extended {wide.ScenarioLoss}, standard {narrow.ScenarioLoss}");
    }

    [Fact]
    public void An_account_that_loses_in_no_scenario_owes_only_contingencies()
    {
        var put = Refreshed(MarginInstrument.OptionOf(OptionType.Put, 55_000, MarginSettlement.Inverse, 1));

        var result = Margin.Evaluate([new MarginPosition(put, 0)]);

        Assert.Equal(new PortfolioMarginResult(0, -1, 0, 0, 0, 0), result);
    }

    /// <summary>
    /// Margins reach the engine's state, so they are pinned bit for bit like the kernel's golden values: a change of
    /// result on another runtime or CPU (a fused multiply-add, another summation order) fails here.
    /// </summary>
    [Fact]
    public void Risk_arrays_and_margins_are_bit_exact()
    {
        var call = Refreshed(MarginInstrument.OptionOf(OptionType.Call, 65_000, MarginSettlement.Inverse, 1));
        var put = Refreshed(MarginInstrument.OptionOf(OptionType.Put, 52_000, MarginSettlement.Inverse, 1));
        var future = Margin.CreateRiskArray(MarginInstrument.Future(MarginSettlement.Inverse, 10));
        future.Refresh(Forward, 0, 0);

        var result = Margin.Evaluate([new MarginPosition(call, -2.5), new MarginPosition(put, -1.2), new MarginPosition(future, 3_000)]);

        Assert.Equal([unchecked((long)0xBF894DFB2EB6AEA2), 0x3FAAC64FEBF9A46D, 0x3F99A11F1FAC2C8A], new[] { call.ScenarioPnl[0], call.ScenarioPnl[26], call.ScenarioPnl[34] }.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(0x3FE607D7614409E2, BitConverter.DoubleToInt64Bits(result.Maintenance));
    }

    [Fact]
    public void A_risk_array_refuses_inputs_outside_the_model_domain()
    {
        var call = Margin.CreateRiskArray(MarginInstrument.OptionOf(OptionType.Call, 60_000, MarginSettlement.Inverse, 1));
        var future = Margin.CreateRiskArray(MarginInstrument.Future(MarginSettlement.Inverse, 10));

        Assert.Contains("Years", Assert.Throws<ArgumentException>(() => call.Refresh(Forward, 0.6, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("Forward", Assert.Throws<ArgumentException>(() => future.Refresh(0, 0, 0)).Message, StringComparison.Ordinal);
    }

    private static RiskArray Refreshed(MarginInstrument instrument)
    {
        var risk = Margin.CreateRiskArray(instrument);
        risk.Refresh(Forward, 0.6, 30 / 365.0);
        return risk;
    }

    private static double ShockedVolatility(VolatilityScenario scenario, double volatility, double years)
    {
        var days = years * 365;
        var scale = Math.Pow(30 / days, days < 30 ? 0.30 : 0.13);
        return scenario switch
        {
            VolatilityScenario.Up => Math.Max(volatility * (1 + (0.50 * scale)), 0.50),
            VolatilityScenario.Down => volatility * (1 - Math.Min(0.25 * scale, 0.90)),
            _ => volatility,
        };
    }

    private static double Value(MarginInstrument instrument, double forward, double volatility, double years)
    {
        var inverse = instrument.Settlement == MarginSettlement.Inverse;
        if (instrument.Option is not { } type)
        {
            return inverse ? -instrument.ContractSize / forward : instrument.ContractSize * forward;
        }

        var usd = instrument.ContractSize * Black76.Price(type, forward, instrument.Strike, years, volatility, 0);
        return inverse ? usd / forward : usd;
    }
}
