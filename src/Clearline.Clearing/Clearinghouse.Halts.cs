using Clearline.Domain.Clearing;
using Clearline.Risk;

namespace Clearline.Clearing;

/// <summary>Halts: each market's circuit breaker, and the operator's platform-wide halt.</summary>
public sealed partial class Clearinghouse
{
    /// <summary>True while the operator's platform-wide halt is engaged.</summary>
    public bool TradingHalted { get; private set; }

    /// <summary>Engages or releases the platform-wide halt; releasing reopens every market whose breaker has not tripped.</summary>
    public void SetTradingHalt<TSink>(in SetTradingHalt command, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (TradingHalted == command.Halted)
        {
            return;
        }

        TradingHalted = command.Halted;
        foreach (var market in _markets)
        {
            if (!market.IsDelivered && !market.IsDelisted)
            {
                sink.OnTradingPhaseChanged(new TradingPhaseChanged(market.Spec.Id, command.Halted ? TradingPhase.Halted : market.Phase));
            }
        }
    }

    /// <summary>The phase an instrument trades in now: halted while the platform is, unless it has been delivered or delisted.</summary>
    public TradingPhase PhaseOf(Domain.InstrumentId instrument) =>
        Market(instrument) is { } market
            ? TradingHalted && !market.IsDelivered && !market.IsDelisted ? TradingPhase.Halted : market.Phase
            : throw new ArgumentException($"instrument {instrument} is not listed", nameof(instrument));

    /// <summary>Feeds the market's breaker the new mark and reports a change of phase.</summary>
    private static void ObserveBreaker<TSink>(MarketClearing market, long now, QuotePrice mark, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (market.Breaker is { } breaker && breaker.Observe(now, mark))
        {
            sink.OnTradingPhaseChanged(new TradingPhaseChanged(market.Spec.Id, breaker.Phase));
        }
    }
}
