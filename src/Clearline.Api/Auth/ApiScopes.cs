namespace Clearline.Api.Auth;

/// <summary>
/// What an API key may do. A method names the scopes it needs and a caller must hold all of them; holding
/// <see cref="Trade"/> does not imply <see cref="Read"/>.
/// </summary>
[Flags]
public enum ApiScopes
{
    None = 0,

    /// <summary>Read account, orders, positions and wallet (Deribit's <c>account:read</c>, <c>trade:read</c>, <c>wallet:read</c>).</summary>
    Read = 1,

    /// <summary>Place, edit and cancel orders (<c>trade:read_write</c>).</summary>
    Trade = 2,

    /// <summary>Move funds (<c>wallet:read_write</c>).</summary>
    Wallet = 4,
}
