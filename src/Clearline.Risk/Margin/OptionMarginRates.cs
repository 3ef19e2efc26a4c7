using Clearline.Domain;
using Clearline.Risk.Positions;

namespace Clearline.Risk.Margin;

/// <summary>
/// The standard margin of one option at its current marks, per lot, as clearing sets it: the per-lot requirement of a
/// short comes from the option pricing kernel (Deribit's standard option margin, in doubles) and is booked rounded up to
/// whole minimal units; clearing sets it whenever the option's mark or forward moves and then re-margins every holder,
/// so a stake's cached contribution always uses the rates in force.
/// </summary>
/// <remarks>
/// A short of n lots needs n × the per-lot initial and maintenance margin. A long needs its value at mark as initial
/// margin and nothing for maintenance: its premium has been paid, its value counts in the margin balance, and the
/// initial margin keeps that value from being collateral for anything else (an option is never bought on credit).
/// The requirement only grows with |size| on either side of zero, which the order reservation rule of
/// <see cref="MarginCalculator"/> relies on.
/// </remarks>
public sealed class OptionMarginRates
{
    public Money ShortInitialPerLot { get; private set; }

    public Money ShortMaintenancePerLot { get; private set; }

    public void Set(Money shortInitialPerLot, Money shortMaintenancePerLot)
    {
        if (shortInitialPerLot < Money.Zero || shortMaintenancePerLot < Money.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(shortInitialPerLot), "option margin rates are never negative");
        }

        (ShortInitialPerLot, ShortMaintenancePerLot) = (shortInitialPerLot, shortMaintenancePerLot);
    }

    public MarginRequirement ForPosition(ContractTerms terms, long size, QuotePrice mark)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (size >= 0)
        {
            return size == 0 ? MarginRequirement.Zero : new MarginRequirement(terms.MarkValue(size, mark).CeilingToMoney(), Money.Zero);
        }

        var lots = -size;
        return new MarginRequirement(new Money(checked(lots * ShortInitialPerLot.Units)), new Money(checked(lots * ShortMaintenancePerLot.Units)));
    }
}
