using System.Diagnostics.CodeAnalysis;

namespace Clearline.Risk.Positions;

/// <summary>
/// The settlement currencies a venue knows, from configuration. Lookups scan a short array in registration
/// order, so nothing depends on string hashing.
/// </summary>
public sealed class SettlementCurrencies
{
    private readonly SettlementCurrency[] _currencies;

    public SettlementCurrencies(IEnumerable<SettlementCurrency> currencies)
    {
        ArgumentNullException.ThrowIfNull(currencies);
        _currencies = [.. currencies];
        for (var i = 0; i < _currencies.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(_currencies[i].Code, _currencies[j].Code, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"currency {_currencies[i].Code} is listed twice", nameof(currencies));
                }
            }
        }
    }

    /// <summary>
    /// BTC and ETH with 8 decimals, USDC with 6. Deribit's <c>public/get_currencies</c> documents 8 for BTC and 6 for
    /// ETH; ETH is held to 8 here so an inverse ETH position's PnL rounds no coarser than a BTC one's, and the
    /// gateway rounds withdrawals to the chain's precision. USDC has 6 decimals on chain and at Deribit.
    /// </summary>
    public static SettlementCurrencies Default { get; } = new([new("BTC", 8), new("ETH", 8), new("USDC", 6)]);

    public IReadOnlyList<SettlementCurrency> All => _currencies;

    public bool TryGet(string code, [NotNullWhen(true)] out SettlementCurrency? currency)
    {
        foreach (var candidate in _currencies)
        {
            if (string.Equals(candidate.Code, code, StringComparison.Ordinal))
            {
                currency = candidate;
                return true;
            }
        }

        currency = null;
        return false;
    }

    public SettlementCurrency Get(string code) =>
        TryGet(code, out var currency) ? currency : throw new KeyNotFoundException($"unknown settlement currency '{code}'");
}
