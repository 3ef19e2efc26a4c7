namespace Clearline.Options.Pricing;

/// <summary>Why no implied volatility exists for a price, or <see cref="None"/>.</summary>
public enum ImpliedVolatilityError : byte
{
    None = 0,

    /// <summary>Forward, strike or years not positive and finite, rate or price not finite.</summary>
    InvalidInput,

    /// <summary>The undiscounted price is below the intrinsic value max(±(F − K), 0): an arbitrage, no volatility gives it.</summary>
    BelowIntrinsic,

    /// <summary>The undiscounted price equals the intrinsic value: only a zero volatility gives it.</summary>
    AtIntrinsic,

    /// <summary>The undiscounted price reaches the upper bound (F for a call, K for a put), or is indistinguishable from it in double precision.</summary>
    AtOrAboveMaximum,
}
