namespace Clearline.Options.Margin;

/// <summary>An account's position in one instrument: its risk array and the signed number of contracts (negative is short).</summary>
public readonly record struct MarginPosition(RiskArray Risk, double Contracts);
