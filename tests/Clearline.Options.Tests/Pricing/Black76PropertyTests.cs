using Clearline.Domain.Instruments;
using Clearline.Options.Pricing;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Options.Tests.Pricing;

/// <summary>Model identities on random inputs: put–call parity, bounds, monotonicity, and the Greeks against repricing.</summary>
public sealed class Black76PropertyTests
{
    private static readonly Gen<(double Forward, double Strike, double Years, double Volatility, double Rate)> Inputs =
        from forward in Gen.Choose(1, 200_000).Select(f => f * 0.5)
        from logMoneyness in Gen.Choose(-2_000, 2_000).Select(k => k / 1_000.0)
        from hours in Gen.Choose(1, 17_520)
        from volatility in Gen.Choose(5, 300).Select(v => v / 100.0)
        from rate in Gen.Choose(-5, 10).Select(r => r / 100.0)
        select (forward, forward * Math.Exp(logMoneyness), hours / 8_760.0, volatility, rate);

    [Fact]
    public void Put_call_parity_holds_and_prices_stay_within_their_bounds() =>
        Prop.ForAll(Inputs.ToArbitrary(), p =>
        {
            var call = Black76.Price(OptionType.Call, p.Forward, p.Strike, p.Years, p.Volatility, p.Rate);
            var put = Black76.Price(OptionType.Put, p.Forward, p.Strike, p.Years, p.Volatility, p.Rate);
            var discount = Math.Exp(-p.Rate * p.Years);
            // A deep in-the-money price sits on its bound and may round an ulp across it, so the bounds share parity's tolerance.
            var tolerance = 1e-13 * Math.Max(p.Forward, p.Strike);
            return Math.Abs(call - put - (discount * (p.Forward - p.Strike))) <= tolerance
                && call >= (discount * Math.Max(p.Forward - p.Strike, 0)) - tolerance && call <= (discount * p.Forward) + tolerance
                && put >= (discount * Math.Max(p.Strike - p.Forward, 0)) - tolerance && put <= (discount * p.Strike) + tolerance;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Delta_gamma_vega_theta_and_rho_match_central_differences() =>
        Prop.ForAll(Inputs.ToArbitrary(), Gen.Elements(OptionType.Call, OptionType.Put).ToArbitrary(), (p, type) =>
        {
            var g = Black76.Evaluate(type, p.Forward, p.Strike, p.Years, p.Volatility, p.Rate);
            double Price(double f, double t, double v, double r) => Black76.Price(type, f, p.Strike, t, v, r);
            // The forward step scales with the distribution's width (F·σ√T): a fixed step is too coarse for a
            // short-dated option, where the truncation error of the difference alone exceeds the tolerance.
            var width = p.Forward * p.Volatility * Math.Sqrt(p.Years);
            var hf = 1e-3 * width;
            var ht = 1e-4 * p.Years;
            var delta = (Price(p.Forward + hf, p.Years, p.Volatility, p.Rate) - Price(p.Forward - hf, p.Years, p.Volatility, p.Rate)) / (2 * hf);
            var gamma = (Price(p.Forward + hf, p.Years, p.Volatility, p.Rate) - (2 * g.Price) + Price(p.Forward - hf, p.Years, p.Volatility, p.Rate)) / (hf * hf);
            var vega = (Price(p.Forward, p.Years, p.Volatility + 1e-5, p.Rate) - Price(p.Forward, p.Years, p.Volatility - 1e-5, p.Rate)) / 2e-5;
            var theta = (Price(p.Forward, p.Years - ht, p.Volatility, p.Rate) - Price(p.Forward, p.Years + ht, p.Volatility, p.Rate)) / (2 * ht);
            var rho = (Price(p.Forward, p.Years, p.Volatility, p.Rate + 1e-5) - Price(p.Forward, p.Years, p.Volatility, p.Rate - 1e-5)) / 2e-5;
            var money = p.Forward;
            return Close(delta, g.Delta, 1e-6) && Close(gamma * width, g.Gamma * width, 1e-5) && Close(vega / money, g.Vega / money, 1e-6)
                && Close(theta / money, g.Theta / money, 1e-6) && Close(rho / money, g.Rho / money, 1e-6);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Prices_rise_with_volatility() =>
        Prop.ForAll(Inputs.ToArbitrary(), p =>
            Black76.Price(OptionType.Call, p.Forward, p.Strike, p.Years, p.Volatility * 1.01, p.Rate) >= Black76.Price(OptionType.Call, p.Forward, p.Strike, p.Years, p.Volatility, p.Rate))
        .QuickCheckThrowOnFailure();

    private static bool Close(double expected, double actual, double tolerance) => Math.Abs(expected - actual) <= tolerance * Math.Max(1.0, Math.Abs(expected));
}
