using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Clearline.Clearing;

namespace Clearline.Engine;

/// <summary>
/// SHA-256 of a canonical text rendering of a <see cref="ClearingConfig"/>, as <see cref="SpecFingerprint"/> is for a
/// spec: the state commits to the currencies, indices and risk parameters it ran under, and a snapshot taken under
/// others is refused.
/// </summary>
internal static class ClearingFingerprint
{
    public static Hash256 Compute(ClearingConfig config) => new(SHA256.HashData(Encoding.UTF8.GetBytes(Render(config))));

    public static string Render(ClearingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder("clearline clearing config 2\n");
        text.Append(CultureInfo.InvariantCulture, $"deficit-policy={config.DeficitPolicy}\n");
        if (config.PortfolioMargin is { } pm)
        {
            // Doubles as their shortest round-trip form: the scenarios, and so every requirement, follow from these bits.
            var v = pm.VolatilityShock;
            text.Append(CultureInfo.InvariantCulture, $"portfolio-margin={pm.PriceRange:R}:{pm.PriceStepsPerSide}:{pm.ShortOptionContingency:R}:{pm.FuturesSpreadContingency:R}:{pm.InitialFactor:R}:{pm.Rate:R}");
            text.Append(CultureInfo.InvariantCulture, $":shock={v.RangeUp:R}:{v.RangeDown:R}:{v.UpFloor:R}:{v.DownCap:R}:{v.ReferenceDays:R}:{v.ShortExponent:R}:{v.LongExponent:R}");
            foreach (var (move, weight) in pm.ExtendedMoves)
            {
                text.Append(CultureInfo.InvariantCulture, $":extended={move:R}*{weight:R}");
            }

            text.Append('\n');
        }
        foreach (var currency in config.Currencies.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"currency={currency.Code}:{currency.Decimals}\n");
        }

        foreach (var index in config.Indices)
        {
            var c = index.Config;
            text.Append(CultureInfo.InvariantCulture, $"index={index.Name}:stale-us={c.StaleAfterMicros}:band-ppm={c.OutlierBandPpm}:outliers={c.Outliers}:min={c.MinimumSources}\n");
            foreach (var source in c.Sources)
            {
                text.Append(CultureInfo.InvariantCulture, $"index-source={source.Id}:{source.Weight}\n");
            }
        }

        foreach (var m in config.Markets.OrderBy(m => m.Instrument.Value))
        {
            var t = m.Tiers;
            text.Append(CultureInfo.InvariantCulture, $"market={m.Instrument.Value}:index={m.Index.Value}:max-position-lots={m.MaxPositionLots}");
            text.Append(CultureInfo.InvariantCulture, $":im={t.InitialBaseE8}+{t.InitialPerCoinE8}:mm={t.MaintenanceBaseE8}+{t.MaintenancePerCoinE8}:step={t.SizeStepE8}");
            text.Append(CultureInfo.InvariantCulture, $":mark-tau-us={m.Mark.TimeConstantMicros}:basis-cap-ppm={m.Mark.BasisCapPpm}:band-ppm={m.PriceBandPpm}:band-action={m.PriceBandAction}");
            text.Append(CultureInfo.InvariantCulture, $":liquidation-fee-ppm={m.LiquidationFeePpm}:liquidation-step-lots={m.LiquidationStepLots}:settlement-window-us={m.SettlementWindowMicros}");
            if (m.ContinuousFunding is { } c)
            {
                text.Append(CultureInfo.InvariantCulture, $":continuous-funding={c.Damper.Ppb}:{c.MinRate.Ppb}:{c.MaxRate.Ppb}");
            }

            if (m.DiscreteFunding is { } d)
            {
                text.Append(CultureInfo.InvariantCulture, $":discrete-funding={d.InterestRate.Ppb}:{d.Band.Ppb}:{d.Floor?.Ppb}:{d.Cap?.Ppb}:{d.IntervalMicros}:{d.OffsetMicros}:{d.Weighting}");
            }

            if (m.VolatilityFee is { } vf)
            {
                text.Append(CultureInfo.InvariantCulture, $":volatility-fee={vf.TimeConstantMicros}:{vf.VolatilitySharePpm}:{vf.CapPpm}");
            }

            if (m.CircuitBreaker is { } cb)
            {
                text.Append(CultureInfo.InvariantCulture, $":circuit-breaker={cb.MovePpm}:{cb.WindowMicros}:{cb.HaltMicros}:{cb.ReduceOnlyMicros}");
            }

            if (m.Option is { } o)
            {
                text.Append(CultureInfo.InvariantCulture, $":option={o.MinVolatilityPpm}:{o.MaxVolatilityPpm}:{o.InitialRatePpm}:{o.InitialFloorPpm}:{o.MaintenanceRatePpm}");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
