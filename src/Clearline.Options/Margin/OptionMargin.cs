namespace Clearline.Options.Margin;

/// <summary>An initial and a maintenance margin, in the settlement currency.</summary>
public readonly record struct OptionMargin(double Initial, double Maintenance);
