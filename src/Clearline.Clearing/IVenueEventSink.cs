using Clearline.Domain.Clearing;
using Clearline.Matching;

namespace Clearline.Clearing;

/// <summary>The book's events plus clearing's own: balances, positions and prices. Generic struct sinks, as for the books.</summary>
public interface IVenueEventSink : IMatchingEventSink
{
    void OnBalanceChanged(in BalanceChanged e);

    void OnPositionChanged(in PositionChanged e);

    void OnMarkPriceChanged(in MarkPriceChanged e);

    void OnLiquidationChanged(in LiquidationChanged e);

    void OnTradingPhaseChanged(in TradingPhaseChanged e);

    void OnPortfolioMarginChanged(in PortfolioMarginChanged e);

    void OnOptionListed(in OptionListed e);
}

/// <summary>Drops every event: for replays, which only rebuild state.</summary>
public readonly struct NoVenueEvents : IVenueEventSink
{
    public void OnAccepted(in Domain.Orders.OrderAccepted e)
    {
    }

    public void OnRejected(in Domain.Orders.CommandRejected e)
    {
    }

    public void OnTrade(in Domain.Orders.Trade e)
    {
    }

    public void OnCancelled(in Domain.Orders.OrderCancelled e)
    {
    }

    public void OnAmended(in Domain.Orders.OrderAmended e)
    {
    }

    public void OnLevelChanged(in Domain.Orders.BookLevelChanged e)
    {
    }

    public void OnBalanceChanged(in BalanceChanged e)
    {
    }

    public void OnPositionChanged(in PositionChanged e)
    {
    }

    public void OnMarkPriceChanged(in MarkPriceChanged e)
    {
    }

    public void OnLiquidationChanged(in LiquidationChanged e)
    {
    }

    public void OnTradingPhaseChanged(in TradingPhaseChanged e)
    {
    }

    public void OnPortfolioMarginChanged(in PortfolioMarginChanged e)
    {
    }

    public void OnOptionListed(in OptionListed e)
    {
    }
}
