namespace Clearline.Options.Pricing;

/// <summary>An implied volatility (a fraction per year) or why there is none; never an exception.</summary>
public readonly record struct ImpliedVolatilityResult(double Volatility, ImpliedVolatilityError Error)
{
    public bool IsSuccess => Error == ImpliedVolatilityError.None;

    public static ImpliedVolatilityResult Success(double volatility) => new(volatility, ImpliedVolatilityError.None);

    public static ImpliedVolatilityResult Failure(ImpliedVolatilityError error) => new(double.NaN, error);
}
