using Clearline.Domain;

namespace Clearline.Clearing;

/// <summary>
/// Order ids the venue gives out itself, from the sequence of the command that places the order: each command owns
/// the block [sequence × 64, sequence × 64 + 63]. A client order sent with id 0 takes the first id of its block and
/// liquidation orders placed by a price command take the rest, so ids stay unique across books and increase with
/// the sequence. Clients that choose their own ids share the id space and must stay clear of these.
/// </summary>
public static class OrderIds
{
    /// <summary>Ids one command may take: one client order, or up to 63 liquidation orders.</summary>
    public const int PerCommand = 64;

    /// <summary>The id of an order sent with id 0 in the command at <paramref name="sequence"/>.</summary>
    public static OrderId Assigned(long sequence) => new(checked(sequence * PerCommand));

    /// <summary>The <paramref name="k"/>-th liquidation order (1 to 63) placed by the command at <paramref name="sequence"/>.</summary>
    internal static OrderId Liquidation(long sequence, int k) => new(checked((sequence * PerCommand) + k));
}
