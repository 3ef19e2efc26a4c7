namespace Clearline.Risk.Funding;

/// <summary>How the premium samples of one funding interval are averaged.</summary>
public enum PremiumWeighting : byte
{
    /// <summary>Every sample counts the same (Binance).</summary>
    Equal = 0,

    /// <summary>The k-th sample of the interval has weight k, so later samples count more (Bybit).</summary>
    Linear = 1,
}
