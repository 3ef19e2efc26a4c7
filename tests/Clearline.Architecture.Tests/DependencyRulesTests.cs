using System.Reflection;
using Clearline.Domain;
using Clearline.Matching;

namespace Clearline.Architecture.Tests;

/// <summary>
/// The dependency rules of docs/architecture.md: Domain depends on nothing; Matching and Sequencing only on
/// Domain; Risk and Options only on Domain; Clearing on Domain, Matching, Risk and Options (the option marks and margin); Engine composes Domain, Matching,
/// Sequencing and Clearing and nothing else; Server hosts the Api over the engine side, which never depends on either.
/// </summary>
public sealed class DependencyRulesTests
{
    [Fact]
    public void Domain_references_only_the_runtime()
    {
        Assert.Empty(ProjectReferences(typeof(Price).Assembly));
        Assert.Empty(PackageReferences(typeof(Price).Assembly));
    }

    [Fact]
    public void Matching_references_only_domain()
    {
        Assert.Equal(["Clearline.Domain"], ProjectReferences(typeof(OrderBook).Assembly));
        Assert.Empty(PackageReferences(typeof(OrderBook).Assembly));
    }

    [Fact]
    public void Sequencing_references_at_most_domain()
    {
        Assert.Subset(new HashSet<string> { "Clearline.Domain" }, ProjectReferences(typeof(Clearline.Sequencing.Journal.JournalWriter).Assembly).ToHashSet());
        Assert.Empty(PackageReferences(typeof(Clearline.Sequencing.Journal.JournalWriter).Assembly));
    }

    [Fact]
    public void Engine_references_at_most_domain_matching_sequencing_clearing_and_risk()
    {
        var engine = typeof(Clearline.Engine.EngineState).Assembly;
        Assert.Subset(new HashSet<string> { "Clearline.Domain", "Clearline.Matching", "Clearline.Sequencing", "Clearline.Clearing", "Clearline.Risk", "Clearline.Options" }, ProjectReferences(engine).ToHashSet());
        Assert.Empty(PackageReferences(engine));
    }

    [Fact]
    public void Risk_references_at_most_domain()
    {
        var risk = typeof(Clearline.Risk.QuotePrice).Assembly;
        Assert.Subset(new HashSet<string> { "Clearline.Domain" }, ProjectReferences(risk).ToHashSet());
        Assert.Empty(PackageReferences(risk));
    }

    [Fact]
    public void Options_references_at_most_domain()
    {
        var options = typeof(Clearline.Options.Pricing.Black76).Assembly;
        Assert.Subset(new HashSet<string> { "Clearline.Domain" }, ProjectReferences(options).ToHashSet());
        Assert.Empty(PackageReferences(options));
    }

    [Fact]
    public void Clearing_references_at_most_domain_matching_risk_and_options()
    {
        var clearing = typeof(Clearline.Clearing.Clearinghouse).Assembly;
        Assert.Subset(new HashSet<string> { "Clearline.Domain", "Clearline.Matching", "Clearline.Risk", "Clearline.Options" }, ProjectReferences(clearing).ToHashSet());
        Assert.Empty(PackageReferences(clearing));
    }

    [Fact]
    public void Server_references_the_api_and_the_engine_side_only_and_no_packages_but_sqlite()
    {
        var server = typeof(Clearline.Server.VenueServer).Assembly;
        Assert.Subset(
            new HashSet<string> { "Clearline.Api", "Clearline.Engine", "Clearline.Domain", "Clearline.Matching", "Clearline.Sequencing", "Clearline.Clearing", "Clearline.Risk", "Clearline.Options" },
            ProjectReferences(server).ToHashSet());
        // SQLite (Microsoft.Data.Sqlite over SQLitePCLRaw) holds the order and trade history.
        Assert.DoesNotContain(PackageReferences(server), n => !n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && !n.StartsWith("Microsoft.Extensions", StringComparison.Ordinal)
            && n != "Microsoft.Data.Sqlite" && !n.StartsWith("SQLitePCLRaw.", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_on_the_engine_side_references_the_api_or_the_server()
    {
        foreach (var assembly in (Assembly[])[typeof(Price).Assembly, typeof(OrderBook).Assembly, typeof(Clearline.Engine.EngineState).Assembly, typeof(Clearline.Clearing.Clearinghouse).Assembly])
        {
            Assert.DoesNotContain("Clearline.Api", ProjectReferences(assembly));
            Assert.DoesNotContain("Clearline.Server", ProjectReferences(assembly));
        }
    }

    private static string[] ProjectReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Clearline.", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>Anything that is neither ours nor part of the shared framework came from a package.</summary>
    private static string[] PackageReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => !n.StartsWith("Clearline.", StringComparison.Ordinal) && !IsFramework(n))];

    private static bool IsFramework(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);
}
