using System.Reflection;
using Clearline.Domain;
using Clearline.Engine;
using Clearline.Matching;
using Clearline.Sequencing;

namespace Clearline.Architecture.Tests;

/// <summary>
/// The determinism rules of docs/architecture.md, checked in the compiled IL of every engine-side assembly:
/// no wall clock, no randomness, no per-process hash values, no platform floating-point functions. Time reaches the engine only as the sequencer's
/// timestamp, which comes from an injected <see cref="IClock"/> implemented by hosts outside these assemblies.
/// </summary>
public sealed class DeterminismTests
{
    private static readonly Assembly[] EngineSide =
        [typeof(Price).Assembly, typeof(OrderBook).Assembly, typeof(IClock).Assembly, typeof(EngineState).Assembly, typeof(Clearline.Risk.QuotePrice).Assembly, typeof(Clearline.Clearing.Clearinghouse).Assembly, typeof(Clearline.Options.Pricing.Black76).Assembly];

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
        "System.Runtime.Intrinsics.X86.Fma",
    ];

    /// <summary>
    /// Floating-point functions whose results IEEE 754 does not pin down: the transcendental functions come from the
    /// platform's C library and differ in the last bit between runtimes and CPUs, and fused or estimated operations
    /// round differently from the separate ones. (√, rounding to an integer and scaling by 2^k are exact, so allowed.)
    /// The pricing kernel has its own exp, ln and Φ (Clearline.Options.Numerics).
    /// </summary>
    private static readonly HashSet<string> PlatformMathTypes = ["System.Math", "System.MathF", "System.Double", "System.Single", "System.Half"];

    private static readonly HashSet<string> PlatformMathFunctions =
    [
        "Exp", "Exp2", "Exp10", "ExpM1", "Exp2M1", "Exp10M1", "Log", "Log2", "Log10", "LogP1", "Log2P1", "Log10P1", "Pow",
        "Sin", "Cos", "Tan", "SinCos", "SinPi", "CosPi", "TanPi", "SinCosPi", "Asin", "Acos", "Atan", "Atan2", "AsinPi", "AcosPi",
        "AtanPi", "Atan2Pi", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh", "Cbrt", "Hypot", "RootN",
        "FusedMultiplyAdd", "MultiplyAddEstimate", "ReciprocalEstimate", "ReciprocalSqrtEstimate",
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
            ("PlatformExp", "System.Math::Exp"),
            ("GenericLog", "System.Double::Log"),
            ("Fused", "System.Math::FusedMultiplyAdd"),
            ("VectorFused", "System.Runtime.Intrinsics.Vector128::FusedMultiplyAdd"),
        ];
        foreach (var (method, target) in expected)
        {
            Assert.Contains(violations, v => (v.Member == method || v.Member.StartsWith($"<{method}>", StringComparison.Ordinal)) && v.Target == target);
        }

        Assert.Contains(uses, u => u.Member == "Nap" && u.Target == "System.Threading.Thread::Sleep"); // seen, and allowed:
        Assert.DoesNotContain(violations, v => v.Member == "Nap");
        Assert.Contains(uses, u => u.Member == "Root" && u.Target == "System.Math::Sqrt"); // correctly rounded by IEEE 754:
        Assert.DoesNotContain(violations, v => v.Member == "Root");
        Assert.Contains(uses, u => u.Type.EndsWith("+Key", StringComparison.Ordinal) && u.Target.StartsWith("System.HashCode::Combine", StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.Type.EndsWith("+Key", StringComparison.Ordinal));
    }

    private static List<IlUse> Violations(IEnumerable<IlUse> uses) => [.. uses.Where(IsForbidden).Distinct()];

    private static bool IsForbidden(IlUse use)
    {
        var typeNames = use.Target.Split(['<', '>', ',', '[', ']', '&', '*', ':'], StringSplitOptions.RemoveEmptyEntries);
        var separator = use.Target.IndexOf("::", StringComparison.Ordinal);
        var openMember = separator < 0 ? null : $"{Open(use.Target[..separator])}::{Open(use.Target[(separator + 2)..])}";
        var forbidden = typeNames.Any(ForbiddenTypes.Contains) || ForbiddenMembers.Contains(use.Target) || (openMember is not null && ForbiddenMembers.Contains(openMember))
            || IsPlatformMath(use.Target);

        // The one exception: hashing inside a GetHashCode override (e.g. BookState.GetHashCode). Its result
        // varies per process by contract and feeds only hash containers, whose lookups do not depend on it;
        // what would leak it is iterating a Dictionary/HashSet, which the rules forbid separately.
        var hashing = typeNames.Contains("System.HashCode") || ProcessHashes.Contains(use.Target) || (openMember is not null && ProcessHashes.Contains(openMember));
        return forbidden && !(hashing && use.Member == nameof(GetHashCode));

        static string Open(string name) => name.Split('<')[0];
    }

    /// <summary>A platform floating-point function, or any vector type's fused multiply-add.</summary>
    private static bool IsPlatformMath(string target)
    {
        var separator = target.IndexOf("::", StringComparison.Ordinal);
        if (separator < 0)
        {
            return false;
        }

        var member = target[(separator + 2)..].Split('<')[0];
        return (PlatformMathTypes.Contains(target[..separator]) && PlatformMathFunctions.Contains(member))
            || member is "FusedMultiplyAdd" or "MultiplyAddEstimate";
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

    internal static double PlatformExp(double x) => Math.Exp(x);

    internal static double GenericLog(double x) => double.Log(x);

    internal static double Fused(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    internal static System.Runtime.Intrinsics.Vector128<double> VectorFused(System.Runtime.Intrinsics.Vector128<double> a) =>
        System.Runtime.Intrinsics.Vector128.FusedMultiplyAdd(a, a, a);

    internal static double Root(double x) => Math.Sqrt(x);

    internal sealed record Key(long A, long B)
    {
        public override int GetHashCode() => HashCode.Combine(A, B);
    }
}
