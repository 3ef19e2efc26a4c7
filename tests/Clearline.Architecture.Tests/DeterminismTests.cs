using System.Reflection;
using Clearline.Domain;
using Clearline.Engine;
using Clearline.Matching;
using Clearline.Sequencing;

namespace Clearline.Architecture.Tests;

/// <summary>
/// The determinism rules of docs/architecture.md, checked in the compiled IL of every engine-side assembly:
/// no wall clock, no randomness, no per-process hash values. Time reaches the engine only as the sequencer's
/// timestamp, which comes from an injected <see cref="IClock"/> implemented by hosts outside these assemblies.
/// </summary>
public sealed class DeterminismTests
{
    private static readonly Assembly[] EngineSide =
        [typeof(Price).Assembly, typeof(OrderBook).Assembly, typeof(IClock).Assembly, typeof(EngineState).Assembly, typeof(Clearline.Risk.QuotePrice).Assembly, typeof(Clearline.Clearing.Clearinghouse).Assembly];

    /// <summary>Hash codes randomised per process: string hashing (also through a comparer) and identity hashes.</summary>
    private static readonly string[] ProcessHashes =
    [
        "System.String::GetHashCode",
        "System.StringComparer::GetHashCode",
        "System.Collections.Generic.EqualityComparer`1<System.String>::GetHashCode", // matched as written, not opened
        "System.Runtime.CompilerServices.RuntimeHelpers::GetHashCode",
    ];

    /// <summary>Types none of whose members (or values) may be touched.</summary>
    private static readonly HashSet<string> ForbiddenTypes =
    [
        "System.Diagnostics.Stopwatch",
        "System.Random",
        "System.Security.Cryptography.RandomNumberGenerator",
        "System.HashCode",
    ];

    private static readonly HashSet<string> ForbiddenMembers =
    [
        "System.DateTime::get_Now", "System.DateTime::get_UtcNow", "System.DateTime::get_Today",
        "System.DateTimeOffset::get_Now", "System.DateTimeOffset::get_UtcNow",
        "System.Environment::get_TickCount", "System.Environment::get_TickCount64",
        "System.Guid::NewGuid", "System.Guid::CreateVersion7", // version 7 is the clock plus random bits
        "System.TimeProvider::get_System", "System.TimeProvider::GetUtcNow", "System.TimeProvider::GetLocalNow", "System.TimeProvider::GetTimestamp",
        .. ProcessHashes,
    ];

    [Fact]
    public void Engine_side_code_reads_no_clock_randomness_or_process_hashes()
    {
        string[] violations =
        [
            .. EngineSide.SelectMany(assembly =>
                Violations(IlScanner.Scan(assembly.Location)).Select(use => $"{assembly.GetName().Name}: {use}")),
        ];

        Assert.True(violations.Length == 0, $"Engine-side code breaks the determinism rules:\n{string.Join('\n', violations)}");
    }

    [Fact]
    public void The_scan_reports_every_forbidden_use_in_the_fixture()
    {
        var fixture = typeof(ForbiddenFixture).FullName!;
        var uses = IlScanner.Scan(typeof(ForbiddenFixture).Assembly.Location, t => t == fixture || t.StartsWith(fixture + "+", StringComparison.Ordinal));
        var violations = Violations(uses);

        (string Method, string Target)[] expected =
        [
            (".cctor", "System.Random::.ctor"),
            ("Shared", "System.Random"),
            ("SharedRandom", "System.Random"),
            ("WallClock", "System.DateTime::get_UtcNow"),
            ("LocalClock", "System.DateTimeOffset::get_Now"),
            ("Timestamp", "System.Diagnostics.Stopwatch::GetTimestamp"),
            ("Dice", "System.Random::.ctor"),
            ("Dice", "System.Random::Next"),
            ("Id", "System.Guid::NewGuid"),
            ("Ticks", "System.Environment::get_TickCount64"),
            ("LiteralHash", "System.String::GetHashCode"),
            ("FieldHash", "System.String::GetHashCode"),
            ("ComparerHash", "System.Collections.Generic.EqualityComparer`1<System.String>::GetHashCode"),
            ("Combined", "System.HashCode::Combine<System.Int64,System.Int64>"),
            ("ClockDelegate", "System.Diagnostics.Stopwatch::GetTimestamp"),
            ("ClockLambda", "System.DateTime::get_Now"), // the lambda's body, compiled into a nested type
            ("Provider", "System.TimeProvider::get_System"),
            ("Provider", "System.TimeProvider::GetTimestamp"),
        ];
        foreach (var (method, target) in expected)
        {
            Assert.Contains(violations, v => (v.Member == method || v.Member.StartsWith($"<{method}>", StringComparison.Ordinal)) && v.Target == target);
        }

        Assert.Contains(uses, u => u.Member == "Nap" && u.Target == "System.Threading.Thread::Sleep"); // seen, and allowed:
        Assert.DoesNotContain(violations, v => v.Member == "Nap");
        Assert.Contains(uses, u => u.Type.EndsWith("+Key", StringComparison.Ordinal) && u.Target.StartsWith("System.HashCode::Combine", StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.Type.EndsWith("+Key", StringComparison.Ordinal));
    }

    private static List<IlUse> Violations(IEnumerable<IlUse> uses) => [.. uses.Where(IsForbidden).Distinct()];

    private static bool IsForbidden(IlUse use)
    {
        var typeNames = use.Target.Split(['<', '>', ',', '[', ']', '&', '*', ':'], StringSplitOptions.RemoveEmptyEntries);
        var separator = use.Target.IndexOf("::", StringComparison.Ordinal);
        var openMember = separator < 0 ? null : $"{Open(use.Target[..separator])}::{Open(use.Target[(separator + 2)..])}";
        var forbidden = typeNames.Any(ForbiddenTypes.Contains) || ForbiddenMembers.Contains(use.Target) || (openMember is not null && ForbiddenMembers.Contains(openMember));

        // The one exception: hashing inside a GetHashCode override (e.g. BookState.GetHashCode). Its result
        // varies per process by contract and feeds only hash containers, whose lookups do not depend on it;
        // what would leak it is iterating a Dictionary/HashSet, which the rules forbid separately.
        var hashing = typeNames.Contains("System.HashCode") || ProcessHashes.Contains(use.Target) || (openMember is not null && ProcessHashes.Contains(openMember));
        return forbidden && !(hashing && use.Member == nameof(GetHashCode));

        static string Open(string name) => name.Split('<')[0];
    }
}

/// <summary>
/// Breaks every determinism rule once, so <see cref="DeterminismTests"/> can show the scan catches each kind.
/// Never called; it only has to compile.
/// </summary>
internal static class ForbiddenFixture
{
    private static readonly Random Shared = new(1);
    private static readonly string Name = "x";

    internal static Random SharedRandom() => Shared;

    internal static long WallClock() => DateTime.UtcNow.Ticks;

    internal static long LocalClock() => DateTimeOffset.Now.ToUnixTimeMilliseconds();

    internal static long Timestamp() => System.Diagnostics.Stopwatch.GetTimestamp();

    internal static int Dice() => new Random(1).Next();

    internal static Guid Id() => Guid.NewGuid();

    internal static long Ticks() => Environment.TickCount64;

    internal static int LiteralHash() => "x".GetHashCode();

    internal static int FieldHash() => Name.GetHashCode();

    internal static int ComparerHash() => EqualityComparer<string>.Default.GetHashCode(Name);

    internal static int Combined(long a, long b) => HashCode.Combine(a, b);

    internal static Func<long> ClockDelegate() => System.Diagnostics.Stopwatch.GetTimestamp;

    internal static Func<DateTime> ClockLambda() => () => DateTime.Now;

    internal static long Provider() => TimeProvider.System.GetTimestamp();

    internal static void Nap() => Thread.Sleep(0);

    internal sealed record Key(long A, long B)
    {
        public override int GetHashCode() => HashCode.Combine(A, B);
    }
}
