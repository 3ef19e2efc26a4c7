using Clearline.Domain;

namespace Clearline.Risk.Funding;

/// <summary>
/// The cumulative funding one long lot has paid since funding began, in 10⁻¹⁸ minimal units of the settlement
/// currency (negative while longs have been paid): Deribit's <c>interest_value</c>, already converted into money per
/// lot. Every position of an instrument reads the same index, so what longs pay is exactly what shorts receive.
/// </summary>
/// <remarks>
/// A position remembers the index at which it last settled funding. On any change of the position (and whenever the
/// engine realises funding) it books <see cref="CreditSince"/> and stores the current index.
/// </remarks>
public readonly record struct FundingIndex(Int128 Value)
{
    /// <summary>Index units per minimal currency unit: fine enough that rounding a fold costs at most 10⁻¹⁸ unit per lot.</summary>
    public const long UnitsPerMinimalUnit = 1_000_000_000_000_000_000;

    public static FundingIndex Zero => default;

    /// <summary>
    /// The funding credited to a position of <paramref name="lots"/> (long positive, short negative) held from
    /// <paramref name="entry"/> to this index: −lots × (this − entry), rounded toward −∞ to a minimal unit.
    /// </summary>
    /// <remarks>
    /// Rounding down a signed credit is rounding toward the payer: a payer pays the fraction of a unit, a receiver does
    /// not receive it. The engine books the opposite of every credit to the instrument's funding pool, so the credits
    /// and the pool sum to zero by construction, and once every position has settled the pool holds the rounding
    /// residue: never negative, and below one minimal unit per credit.
    /// </remarks>
    public Money CreditSince(FundingIndex entry, long lots)
    {
        var owedPerLot = checked(Value - entry.Value);
        return new Money(checked((long)WideMath.MulDivFloor(-owedPerLot, lots, UnitsPerMinimalUnit, 1)));
    }

    internal FundingIndex Plus(FundingIndex delta) => new(checked(Value + delta.Value));
}
