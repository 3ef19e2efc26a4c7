namespace Clearline.Risk.Margin;

/// <summary>Which risk limit an order would break; <see cref="None"/> when it may go to the book.</summary>
public enum PreTradeRejection : byte
{
    None = 0,

    /// <summary>The order raises the initial margin beyond the available funds (Deribit's <c>not_enough_funds</c>).</summary>
    NotEnoughFunds = 1,

    /// <summary>With every resting order on its side filled, the position would pass the instrument's limit and grow.</summary>
    MaxPositionExceeded = 2,
}
