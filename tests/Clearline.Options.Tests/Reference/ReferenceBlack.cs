using Clearline.Domain.Instruments;

namespace Clearline.Options.Tests.Reference;

/// <summary>
/// Black-76 straight from its textbook formulas (docs/options.md) in <see cref="BigFloat"/>, on the exact values of the
/// double inputs: C = D·[F·Φ(d1) − K·Φ(d2)], P = D·[K·Φ(−d2) − F·Φ(−d1)] and the closed-form Greeks. At ~86 digits the
/// cancellation in F·Φ(d1) − K·Φ(d2) costs nothing that matters, so none of the kernel's rearrangements are needed.
/// </summary>
internal sealed class ReferenceBlack
{
    private readonly BigFloat _forward;
    private readonly BigFloat _strike;
    private readonly BigFloat _years;
    private readonly BigFloat _volatility;
    private readonly BigFloat _rate;
    private readonly BigFloat _sqrtYears;
    private readonly BigFloat _totalVolatility;
    private readonly BigFloat _d1;
    private readonly BigFloat _d2;
    private readonly BigFloat _discount;
    private readonly bool _call;

    public ReferenceBlack(OptionType type, double forward, double strike, double years, double volatility, double rate)
    {
        _call = type == OptionType.Call;
        _forward = BigFloat.FromDouble(forward);
        _strike = BigFloat.FromDouble(strike);
        _years = BigFloat.FromDouble(years);
        _volatility = BigFloat.FromDouble(volatility);
        _rate = BigFloat.FromDouble(rate);
        _sqrtYears = ReferenceMath.Sqrt(_years);
        _totalVolatility = _volatility * _sqrtYears;
        _d1 = (ReferenceMath.Log(_forward / _strike) / _totalVolatility) + _totalVolatility.ScaleB(-1);
        _d2 = _d1 - _totalVolatility;
        _discount = ReferenceMath.Exp(-(_rate * _years));
        Price = _call
            ? _discount * ((_forward * ReferenceMath.NormalCdf(_d1)) - (_strike * ReferenceMath.NormalCdf(_d2)))
            : _discount * ((_strike * ReferenceMath.NormalCdf(-_d2)) - (_forward * ReferenceMath.NormalCdf(-_d1)));
    }

    public BigFloat Price { get; }

    public BigFloat Delta => _call ? _discount * ReferenceMath.NormalCdf(_d1) : -(_discount * ReferenceMath.NormalCdf(-_d1));

    public BigFloat Gamma => _discount * ReferenceMath.NormalPdf(_d1) / (_forward * _totalVolatility);

    public BigFloat Vega => _discount * _forward * ReferenceMath.NormalPdf(_d1) * _sqrtYears;

    public BigFloat Theta => (_rate * Price) - (_discount * _forward * ReferenceMath.NormalPdf(_d1) * _volatility / _sqrtYears.ScaleB(1));

    public BigFloat Rho => -(_years * Price);

    /// <summary>|computed − reference| / |reference|, the subtraction done in <see cref="BigFloat"/>.</summary>
    public static double RelativeError(double computed, BigFloat reference) =>
        ((BigFloat.FromDouble(computed) - reference) / reference).Abs().ToDouble();
}
