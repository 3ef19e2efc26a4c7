using Clearline.Clearing;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;

namespace Clearline.Bench.Engine;

/// <summary>
/// The <see cref="CountingSink"/> of an engine with clearing: counts what a pass must be checked against (refusals,
/// trades, position, mark, liquidation and portfolio-margin changes) and nothing more, so the engine's own work is
/// what gets measured.
/// </summary>
public struct VenueCountingSink : IVenueEventSink
{
    public long Accepted { get; private set; }
    public long Rejected { get; private set; }
    public long Trades { get; private set; }
    public long PositionChanges { get; private set; }
    public long BalanceChanges { get; private set; }
    public long MarkChanges { get; private set; }
    public long LiquidationChanges { get; private set; }
    public long PortfolioChanges { get; private set; }

    public void OnAccepted(in OrderAccepted e) => Accepted++;

    public void OnRejected(in CommandRejected e) => Rejected++;

    public void OnTrade(in Trade e) => Trades++;

    public readonly void OnCancelled(in OrderCancelled e)
    {
    }

    public readonly void OnAmended(in OrderAmended e)
    {
    }

    public readonly void OnLevelChanged(in BookLevelChanged e)
    {
    }

    public void OnBalanceChanged(in BalanceChanged e) => BalanceChanges++;

    public void OnPositionChanged(in PositionChanged e) => PositionChanges++;

    public void OnMarkPriceChanged(in MarkPriceChanged e) => MarkChanges++;

    public void OnLiquidationChanged(in LiquidationChanged e) => LiquidationChanges++;

    public void OnTradingPhaseChanged(in TradingPhaseChanged e)
    {
        // The risk workload configures no circuit breakers.
    }

    public void OnPortfolioMarginChanged(in PortfolioMarginChanged e) => PortfolioChanges++;

    public void OnOptionListed(in OptionListed e)
    {
        // The workloads list no options by command.
    }
}
