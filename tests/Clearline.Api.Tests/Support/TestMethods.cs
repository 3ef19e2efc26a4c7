using Clearline.Api.Auth;
using Clearline.Api.Methods;
using Clearline.Api.Params;
using Clearline.Api.Protocol;
using Clearline.Api.RateLimiting;
using Clearline.Api.Subscriptions;

namespace Clearline.Api.Tests.Support;

/// <summary>Methods registered through the public seam, the way the venue will register its own.</summary>
public sealed class TestMethods : IRpcMethodModule
{
    private readonly Param<string> _text;
    private readonly Param<long> _count;
    private readonly Param<decimal> _amount;
    private readonly Param<bool> _flag;
    private readonly Param<string> _side;
    private readonly Param<IReadOnlyList<string>> _tags;
    private readonly ParamSchema _echo;

    public TestMethods()
    {
        var b = new ParamSchemaBuilder();
        _text = b.AddString("text", required: true);
        _count = b.AddInteger("count", required: false, min: 1, max: 100);
        _amount = b.AddNumber("amount", required: false);
        _flag = b.AddBoolean("flag", required: false);
        _side = b.AddString("side", required: false, ["buy", "sell"]);
        _tags = b.AddStringArray("tags", required: false, maxItems: 3);
        _echo = b.Build();
    }

    public void Register(RpcMethodRegistry registry)
    {
        registry.Add(new RpcMethod("public/echo", _echo, Echo));
        registry.Add(new RpcMethod("public/boom", ParamSchema.Empty, (_, _) => throw new InvalidOperationException("boom")));
        registry.Add(new RpcMethod("private/whoami", ParamSchema.Empty, WhoAmI));
        registry.Add(new RpcMethod("private/read_thing", ParamSchema.Empty, WhoAmI) { RequiredScopes = ApiScopes.Read });
        registry.Add(new RpcMethod("private/trade_thing", _echo, (p, c) => Echo(p, c)) { RequiredScopes = ApiScopes.Trade, Pool = CreditPool.MatchingEngine });
        registry.Add(new RpcMethod("private/costly", ParamSchema.Empty, WhoAmI) { Cost = 25_000 });
    }

    private ValueTask<RpcResult> Echo(RpcParams p, RpcCallContext context)
    {
        var text = p.Get(_text)
            + (p.TryGet(_count, out var count) ? $"|count={count}" : "")
            + (p.TryGet(_amount, out var amount) ? $"|amount={amount}" : "")
            + (p.TryGet(_flag, out var flag) ? $"|flag={flag}" : "")
            + (p.TryGet(_side, out var side) ? $"|side={side}" : "")
            + (p.TryGet(_tags, out var tags) ? $"|tags={string.Join(",", tags)}" : "");
        return new(RpcResult.Of(text));
    }

    private static ValueTask<RpcResult> WhoAmI(RpcParams p, RpcCallContext context) =>
        new(RpcResult.Of($"{context.Caller!.ClientId}@{context.Caller.AccountId}"));
}

/// <summary>Channels for the subscription tests: <c>book.*</c> public, <c>raw.*</c> for authenticated sessions,
/// <c>user.*</c> private with read scope.</summary>
public sealed class TestChannels : IChannelResolver
{
    public bool TryResolve(string channel, out ChannelAccess access)
    {
        access = channel switch
        {
            _ when channel.StartsWith("book.", StringComparison.Ordinal) => ChannelAccess.Public,
            _ when channel.StartsWith("raw.", StringComparison.Ordinal) => ChannelAccess.Authenticated,
            _ when channel.StartsWith("user.", StringComparison.Ordinal) => ChannelAccess.Private(ApiScopes.Read),
            _ => default,
        };
        return channel.StartsWith("book.", StringComparison.Ordinal) || channel.StartsWith("raw.", StringComparison.Ordinal) || channel.StartsWith("user.", StringComparison.Ordinal);
    }
}
