using Clearline.Api.Hosting;
using Clearline.Sequencing;

namespace Clearline.Server;

/// <summary>How <c>clearline serve</c> runs: where it listens, where it keeps its data, and the demo market's pace.</summary>
public sealed class ServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Journal, snapshots, history.sqlite, markets.json, api-keys.json and demo-credentials.json live here.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Kestrel's listen addresses, separated by ';'.</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>Seeds the simulated index feed and the demo traders, so a fresh run is reproducible in shape.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Runs the simulated index feed, the market maker and the noise trader.</summary>
    public bool DemoMarket { get; set; } = true;

    /// <summary>How often the feed sends a quote per index source.</summary>
    public TimeSpan FeedInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the market maker replaces its quotes.</summary>
    public TimeSpan QuoteInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The sequencer's clock, the engine's only time; the wall clock unless a test moves time itself (to an expiry, say).</summary>
    public IClock? Clock { get; set; }

    /// <summary>
    /// Changes to the API's limits (credits, sizes, connections). <c>serve</c> keeps Deribit's defaults; the fuzz test
    /// and <c>bench api</c> lift the credit limits, which would otherwise answer all but the first hundred requests
    /// with 10028.
    /// </summary>
    public Action<ApiOptions>? ConfigureApi { get; set; }
}
