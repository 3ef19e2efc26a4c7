namespace Clearline.Domain.Instruments;

public enum InstrumentKind : byte
{
    Perpetual = 0,
    Future = 1,
    Option = 2,
}

/// <summary>
/// Inverse ("reversed" in Deribit's API): quoted in USD, margined and settled in the base coin.
/// Linear: quoted and settled in the quote currency (USDC).
/// </summary>
public enum SettlementType : byte
{
    Inverse = 0,
    Linear = 1,
}

public enum OptionType : byte
{
    Call = 0,
    Put = 1,
}
