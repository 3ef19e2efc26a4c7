using Clearline.Domain;
using Clearline.Domain.Orders;

namespace Clearline.Clearing;

/// <summary>
/// An accepted collateral request, kept under its (account, request id) so a repeat is recognised: the same request
/// again is answered as accepted and changes nothing; a different one under the same id is refused.
/// Rejected requests are not kept (a rejection changes nothing), so a retry after a rejection is judged afresh.
/// </summary>
public readonly record struct RequestRecord(CommandKind Kind, AccountId Counterparty, CurrencyId Currency, Money Amount);
