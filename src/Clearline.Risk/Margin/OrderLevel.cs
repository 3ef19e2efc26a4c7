using Clearline.Domain;

namespace Clearline.Risk.Margin;

/// <summary>An account's resting quantity at one price on one side of one book (one order, or several summed).</summary>
public readonly record struct OrderLevel(Quantity Quantity, QuotePrice Price);
