using Clearline.Api.Hosting;
using Clearline.Api.Methods;
using Clearline.Api.Params;
using Clearline.Api.Protocol;

namespace Clearline.Api.BuiltIn;

/// <summary><c>public/set_heartbeat</c> and <c>public/disable_heartbeat</c>; WebSocket only.</summary>
internal sealed class HeartbeatMethods : IRpcMethodModule
{
    /// <summary>An hour: beyond that a heartbeat detects nothing a TCP keep-alive would not.</summary>
    private const int MaxIntervalSeconds = 3600;

    private readonly Param<decimal> _interval;
    private readonly ParamSchema _schema;

    public HeartbeatMethods(ApiOptions options)
    {
        var b = new ParamSchemaBuilder();
        _interval = b.AddNumber("interval", required: true, min: options.MinHeartbeatIntervalSeconds, max: MaxIntervalSeconds);
        _schema = b.Build();
    }

    public void Register(RpcMethodRegistry registry)
    {
        registry.Add(new RpcMethod("public/set_heartbeat", _schema, SetHeartbeat) { Transports = RpcTransport.WebSocket });
        registry.Add(new RpcMethod("public/disable_heartbeat", ParamSchema.Empty, DisableHeartbeat) { Transports = RpcTransport.WebSocket });
    }

    private ValueTask<RpcResult> SetHeartbeat(RpcParams parameters, RpcCallContext context)
    {
        context.Session!.Heartbeat.Start(TimeSpan.FromSeconds((double)parameters.Get(_interval)));
        return new(RpcResult.Ok);
    }

    private static ValueTask<RpcResult> DisableHeartbeat(RpcParams parameters, RpcCallContext context)
    {
        context.Session!.Heartbeat.Stop();
        return new(RpcResult.Ok);
    }
}
