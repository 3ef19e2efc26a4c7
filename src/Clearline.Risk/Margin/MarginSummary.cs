using Clearline.Domain;

namespace Clearline.Risk.Margin;

/// <summary>
/// The margin state of one pool of collateral in one settlement currency: an account's balance in that currency
/// with all its positions there (cross margin), or one position with the collateral set aside for it (isolated).
/// </summary>
/// <remarks>
/// margin balance = balance + Σ unrealised PnL (each rounded down; funding will join it);
/// initial margin = Σ position IM + Σ order reservations; available funds = margin balance − initial margin;
/// liquidation is due when maintenance margin ≥ margin balance and there is maintenance margin at all (an account
/// with no positions has nothing to liquidate, whatever its balance). Realised PnL is in the balance already.
/// </remarks>
public readonly record struct MarginSummary(Money Balance, Money Unrealised, Money PositionInitial, Money OrdersInitial, Money Maintenance)
{
    public Money MarginBalance => Balance + Unrealised;

    public Money Initial => PositionInitial + OrdersInitial;

    /// <summary>What new orders may still reserve; negative when the account is short of initial margin.</summary>
    public Money AvailableFunds => MarginBalance - Initial;

    public bool IsLiquidatable => Maintenance > Money.Zero && Maintenance >= MarginBalance;

    /// <summary>Sums the exposures, which must all settle in one currency.</summary>
    public static MarginSummary Compute(Money balance, ReadOnlySpan<InstrumentExposure> exposures)
    {
        var summary = new MarginSummary(balance, Money.Zero, Money.Zero, Money.Zero, Money.Zero);
        foreach (var exposure in exposures)
        {
            if (exposure.Risk.Terms.Currency != exposures[0].Risk.Terms.Currency)
            {
                throw new ArgumentException($"exposures settle in {exposures[0].Risk.Terms.Currency} and {exposure.Risk.Terms.Currency}; margin pools are per currency", nameof(exposures));
            }

            summary = summary.Add(exposure, 1);
        }

        return summary;
    }

    /// <summary>The summary after one exposure changed (a fill, an order, a mark move), without revisiting the others.</summary>
    public MarginSummary Update(in InstrumentExposure before, in InstrumentExposure after) => Add(before, -1).Add(after, 1);

    /// <summary>The summary with one more contribution counted.</summary>
    public MarginSummary Add(in MarginContribution c) =>
        new(Balance, Unrealised + c.Unrealised, PositionInitial + c.PositionInitial, OrdersInitial + c.OrdersInitial, Maintenance + c.Maintenance);

    /// <summary>The summary with a contribution counted earlier taken out again: O(1), nothing recomputed.</summary>
    public MarginSummary Remove(in MarginContribution c) =>
        new(Balance, Unrealised - c.Unrealised, PositionInitial - c.PositionInitial, OrdersInitial - c.OrdersInitial, Maintenance - c.Maintenance);

    private MarginSummary Add(in InstrumentExposure exposure, int sign)
    {
        var margin = exposure.PositionMargin;
        return new MarginSummary(
            Balance,
            Unrealised + Signed(exposure.Unrealised, sign),
            PositionInitial + Signed(margin.Initial, sign),
            OrdersInitial + Signed(exposure.OrdersMargin, sign),
            Maintenance + Signed(margin.Maintenance, sign));
    }

    private static Money Signed(Money money, int sign) => sign > 0 ? money : -money;
}
