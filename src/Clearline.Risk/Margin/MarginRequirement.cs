using Clearline.Domain;

namespace Clearline.Risk.Margin;

/// <summary>Initial and maintenance margin of one position, in minimal units of its settlement currency.</summary>
public readonly record struct MarginRequirement(Money Initial, Money Maintenance)
{
    public static MarginRequirement Zero => default;
}
