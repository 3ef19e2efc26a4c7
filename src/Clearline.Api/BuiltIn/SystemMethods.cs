using Clearline.Api.Hosting;
using Clearline.Api.Methods;
using Clearline.Api.Params;
using Clearline.Api.Protocol;

namespace Clearline.Api.BuiltIn;

/// <summary><c>public/get_time</c>, <c>public/test</c>, <c>public/hello</c> and <c>public/status</c>.</summary>
internal sealed class SystemMethods : IRpcMethodModule
{
    /// <summary>The API version reported by test and hello: this assembly's, major.minor.patch.</summary>
    internal static readonly string Version = typeof(SystemMethods).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private static readonly VersionResult VersionAnswer = new(Version);
    private static readonly StatusResult Unlocked = new("false", []);
    private static readonly StatusResult Locked = new("true", []);

    private readonly TimeProvider _clock;
    private readonly Readiness _readiness;

    public SystemMethods(TimeProvider clock, Readiness readiness)
    {
        _clock = clock;
        _readiness = readiness;
    }

    public void Register(RpcMethodRegistry registry)
    {
        registry.Add(new RpcMethod("public/get_time", ParamSchema.Empty, GetTime));
        registry.Add(new RpcMethod("public/test", ParamSchema.Empty, Test));

        var hello = new ParamSchemaBuilder();
        hello.AddString("client_name", required: true);
        hello.AddString("client_version", required: true);
        registry.Add(new RpcMethod("public/hello", hello.Build(), Hello));

        registry.Add(new RpcMethod("public/status", ParamSchema.Empty, StatusAsync));
    }

    private ValueTask<RpcResult> GetTime(RpcParams parameters, RpcCallContext context) =>
        new(RpcResult.Of(_clock.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>Also the answer to a heartbeat's test_request.</summary>
    private static ValueTask<RpcResult> Test(RpcParams parameters, RpcCallContext context)
    {
        context.Session?.Heartbeat.Acknowledge();
        return new(RpcResult.Json(VersionAnswer, ApiJsonContext.Default.VersionResult));
    }

    private static ValueTask<RpcResult> Hello(RpcParams parameters, RpcCallContext context) =>
        new(RpcResult.Json(VersionAnswer, ApiJsonContext.Default.VersionResult));

    /// <summary>Locked while the venue is not ready: Deribit's way of saying trading is unavailable.</summary>
    private async ValueTask<RpcResult> StatusAsync(RpcParams parameters, RpcCallContext context)
    {
        var notReady = await _readiness.FindNotReadyAsync(context.Aborted).ConfigureAwait(false);
        return RpcResult.Json(notReady.Count == 0 ? Unlocked : Locked, ApiJsonContext.Default.StatusResult);
    }
}
