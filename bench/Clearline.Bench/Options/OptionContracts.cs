using Clearline.Domain.Instruments;
using Clearline.Options.Numerics;
using Clearline.Options.Pricing;

namespace Clearline.Bench.Options;

/// <summary>
/// A seeded set of option contracts over the kernel's accuracy domain (docs/options.md): expiries log-uniform from one
/// hour to two years, volatilities uniform from 5% to 300%, strikes uniform in ±3 standard deviations of log-moneyness,
/// calls and puts, on a forward of 60,000 with a rate of 1%; with each contract's Black-76 price for the solver.
/// Structure of arrays, so the measured loops read memory sequentially. Generated with the kernel's own exp and ln, so
/// the contracts, and the checksums of the kernel's results on them, are the same on every machine.
/// </summary>
public sealed class OptionContracts
{
    public const double Forward = 60_000.0;
    public const double Rate = 0.01;

    private OptionContracts(int count)
    {
        Types = new OptionType[count];
        Strikes = new double[count];
        Years = new double[count];
        Volatilities = new double[count];
        Prices = new double[count];
    }

    public OptionType[] Types { get; }

    public double[] Strikes { get; }

    public double[] Years { get; }

    public double[] Volatilities { get; }

    public double[] Prices { get; }

    public int Count => Types.Length;

    public static OptionContracts Generate(int count, ulong seed)
    {
        var contracts = new OptionContracts(count);
        var random = new Prng(seed);
        for (var i = 0; i < count; i++)
        {
            var years = DeterministicMath.Exp(DeterministicMath.Log(1.0 / 8760) + (random.NextDouble() * DeterministicMath.Log(2 * 8760.0)));
            var volatility = 0.05 + (random.NextDouble() * 2.95);
            var deviations = (random.NextDouble() * 6.0) - 3.0;
            contracts.Types[i] = random.Chance(0.5) ? OptionType.Call : OptionType.Put;
            contracts.Years[i] = years;
            contracts.Volatilities[i] = volatility;
            contracts.Strikes[i] = Forward * DeterministicMath.Exp(deviations * volatility * Math.Sqrt(years));
            contracts.Prices[i] = Black76.Price(contracts.Types[i], Forward, contracts.Strikes[i], years, volatility, Rate);
        }

        return contracts;
    }
}
