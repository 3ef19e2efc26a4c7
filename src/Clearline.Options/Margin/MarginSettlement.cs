namespace Clearline.Options.Margin;

/// <summary>The currency an instrument settles in, which is the currency its margin is expressed in.</summary>
public enum MarginSettlement : byte
{
    /// <summary>Settled in the underlying coin (Deribit's BTC options and futures): premium, P&amp;L and margin in coin.</summary>
    Inverse = 0,

    /// <summary>Settled in the quote currency (USDC): premium, P&amp;L and margin in the quote currency.</summary>
    Linear = 1,
}
