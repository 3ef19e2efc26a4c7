using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Clearline.Bench.Api;

/// <summary>
/// Waits for a <see cref="Stopwatch"/> timestamp without holding a core: the load generator shares two cores with the
/// server, and a pacer that spins (even yielding) left the server's woken threads waiting for milliseconds. On
/// Linux, Stopwatch reads CLOCK_MONOTONIC in nanoseconds, so the thread sleeps in <c>clock_nanosleep</c> to the
/// deadline itself, with the timer slack cut to 1 ns (wake-ups then come within microseconds, not 50 µs late).
/// Elsewhere it falls back to a yielding loop.
/// </summary>
internal static class Deadline
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private const int SetTimerSlack = 29;

    private static readonly bool Sleeps = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    /// <summary>Call once on the thread that will wait.</summary>
    public static void PrepareThread()
    {
        if (Sleeps)
        {
            _ = Prctl(SetTimerSlack, 1, 0, 0, 0);
        }
    }

    public static void WaitUntil(long timestamp)
    {
        if (Sleeps)
        {
            var deadline = new Timespec { Seconds = timestamp / 1_000_000_000, Nanoseconds = timestamp % 1_000_000_000 };
            while (Stopwatch.GetTimestamp() < timestamp)
            {
                _ = ClockNanosleep(ClockMonotonic, TimerAbsolute, ref deadline, IntPtr.Zero);
            }

            return;
        }

        while (Stopwatch.GetTimestamp() < timestamp)
        {
            Thread.Yield();
        }
    }

    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    private static extern int ClockNanosleep(int clock, int flags, ref Timespec request, IntPtr remaining);

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
