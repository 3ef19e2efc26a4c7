using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Clearline.Matching.Internal;

/// <summary>
/// Asks the CPU to start loading a cache line. The only unsafe code in the book: it takes an element's
/// address for the prefetch instruction, which never faults and never changes state, so a stale address
/// (after the GC moved the array) only wastes the hint. A no-op where SSE is missing.
/// </summary>
internal static class CacheHint
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Load<T>(ref T element)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref element));
        }
    }
}
