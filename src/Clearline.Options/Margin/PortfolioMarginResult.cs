namespace Clearline.Options.Margin;

/// <summary>An account's portfolio margin, in the settlement currency.</summary>
/// <param name="ScenarioLoss">The worst loss over the scenarios (0 when none loses).</param>
/// <param name="WorstScenario">The index of that scenario in <see cref="PortfolioMargin.Scenarios"/>; −1 when none loses.</param>
/// <param name="ShortOptionContingency">The add-on for net short options.</param>
/// <param name="FuturesSpreadContingency">The add-on for futures offsetting across expiries.</param>
/// <param name="Maintenance">Scenario loss + contingencies.</param>
/// <param name="Initial">Maintenance × the initial factor.</param>
public readonly record struct PortfolioMarginResult(
    double ScenarioLoss,
    int WorstScenario,
    double ShortOptionContingency,
    double FuturesSpreadContingency,
    double Maintenance,
    double Initial);
