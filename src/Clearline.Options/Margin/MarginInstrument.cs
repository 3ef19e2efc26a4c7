using Clearline.Domain.Instruments;

namespace Clearline.Options.Margin;

/// <summary>
/// An option or a future (a perpetual is a future here) on one underlying, as portfolio margin sees it.
/// </summary>
/// <param name="Option">Call or put; null for a future.</param>
/// <param name="Strike">The option's strike; unused for a future.</param>
/// <param name="Settlement">Inverse (P&amp;L in coin) or linear (in the quote currency).</param>
/// <param name="ContractSize">
/// Underlying coins per contract, except for an inverse future, whose contract is a face value in the quote currency
/// (Deribit: 1 BTC per option, 10 USD per future).
/// </param>
public sealed record MarginInstrument(OptionType? Option, double Strike, MarginSettlement Settlement, double ContractSize)
{
    public static MarginInstrument Future(MarginSettlement settlement, double contractSize) => new(null, 0, settlement, contractSize);

    public static MarginInstrument OptionOf(OptionType type, double strike, MarginSettlement settlement, double contractSize) => new(type, strike, settlement, contractSize);
}
