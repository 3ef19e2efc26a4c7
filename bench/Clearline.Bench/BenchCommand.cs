using System.Runtime.InteropServices;
using Clearline.Domain;

namespace Clearline.Bench;

/// <summary>The operations a benchmark stream contains (the CSV <c>op</c> column).</summary>
public enum BenchOp : byte
{
    /// <summary>A good-til-cancelled limit order.</summary>
    Gtc = 0,

    /// <summary>An immediate-or-cancel limit order.</summary>
    Ioc = 1,

    /// <summary>A fill-or-kill limit order.</summary>
    Fok = 2,

    /// <summary>Cancel a resting order.</summary>
    Cancel = 3,

    /// <summary>Amend a resting order's price, keeping its size (an <c>AmendOrder</c> with quantity zero).</summary>
    Move = 4,
}

/// <summary>
/// One pre-generated command, 32 bytes. For <see cref="BenchOp.Cancel"/> and <see cref="BenchOp.Move"/>
/// <see cref="Side"/> and <see cref="Quantity"/> describe the target order (informative only);
/// for a move <see cref="Price"/> is the new price.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct BenchCommand(
    long OrderId,
    long Price,
    int Quantity,
    int Account,
    int Instrument,
    BenchOp Op,
    Side Side);
