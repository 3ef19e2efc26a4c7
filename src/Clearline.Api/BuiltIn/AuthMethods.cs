using Clearline.Api.Auth;
using Clearline.Api.Methods;
using Clearline.Api.Params;
using Clearline.Api.Protocol;

namespace Clearline.Api.BuiltIn;

/// <summary>
/// <c>public/auth</c>: exchanges client credentials, a client signature or a refresh token for a bearer access
/// token and a new refresh token. Over a WebSocket it also signs the session in, so later private calls on it
/// need no token. Each grant takes exactly its own parameters; one meant for another grant is refused.
/// </summary>
internal sealed class AuthMethods : IRpcMethodModule
{
    private const string ClientCredentials = "client_credentials";
    private const string ClientSignature = "client_signature";
    private const string RefreshToken = "refresh_token";

    private readonly Authenticator _authenticator;
    private readonly TokenStore _tokens;
    private readonly TimeProvider _clock;
    private readonly Param<string> _grantType;
    private readonly Param<string> _clientId;
    private readonly Param<string> _clientSecret;
    private readonly Param<string> _refreshToken;
    private readonly Param<long> _timestamp;
    private readonly Param<string> _signature;
    private readonly Param<string> _nonce;
    private readonly Param<string> _data;
    private readonly Param<string> _state;
    private readonly Param[] _grantParams;
    private readonly ParamSchema _schema;

    public AuthMethods(Authenticator authenticator, TokenStore tokens, TimeProvider clock)
    {
        _authenticator = authenticator;
        _tokens = tokens;
        _clock = clock;
        var b = new ParamSchemaBuilder();
        _grantType = b.AddString("grant_type", required: true, [ClientCredentials, ClientSignature, RefreshToken]);
        _clientId = b.AddString("client_id", required: false);
        _clientSecret = b.AddString("client_secret", required: false);
        _refreshToken = b.AddString("refresh_token", required: false);
        _timestamp = b.AddInteger("timestamp", required: false);
        _signature = b.AddString("signature", required: false);
        _nonce = b.AddString("nonce", required: false);
        _data = b.AddString("data", required: false);
        _state = b.AddString("state", required: false);
        _schema = b.Build();
        _grantParams = [_clientId, _clientSecret, _refreshToken, _timestamp, _signature, _nonce, _data];
    }

    public void Register(RpcMethodRegistry registry) => registry.Add(new RpcMethod("public/auth", _schema, Auth));

    private ValueTask<RpcResult> Auth(RpcParams parameters, RpcCallContext context)
    {
        var nowMs = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var grant = parameters.Get(_grantType);
        var outcome = grant switch
        {
            ClientCredentials => Check(parameters, grant, [_clientId, _clientSecret], [])
                ?? _authenticator.ClientCredentials(parameters.Get(_clientId), parameters.Get(_clientSecret)),
            ClientSignature => Check(parameters, grant, [_clientId, _timestamp, _signature, _nonce], [_data])
                ?? _authenticator.ClientSignature(
                    parameters.Get(_clientId),
                    parameters.Get(_timestamp),
                    parameters.Get(_nonce),
                    parameters.GetOrDefault(_data, ""),
                    parameters.Get(_signature),
                    nowMs),
            _ => Check(parameters, grant, [_refreshToken], []) ?? _authenticator.RefreshToken(parameters.Get(_refreshToken), nowMs),
        };

        if (outcome.Error is not null)
        {
            return new(outcome.Error);
        }

        var key = outcome.Key!;
        var tokens = _tokens.Issue(key.ClientId, nowMs);
        context.Session?.SignIn(key);
        var result = new AuthResult(
            tokens.AccessToken,
            _tokens.AccessLifetimeSeconds,
            tokens.RefreshToken,
            ApiScopeText.ToDeribit(key.Scopes),
            "bearer",
            parameters.TryGet(_state, out var state) ? state : null);
        return new(RpcResult.Json(result, ApiJsonContext.Default.AuthResult));
    }

    /// <summary>The grant's required parameters are present and no parameter of another grant is.</summary>
    private AuthOutcome? Check(RpcParams parameters, string grant, Param[] required, Param[] optional)
    {
        foreach (var param in required)
        {
            if (!parameters.Has(param))
            {
                return new AuthOutcome(null, RpcErrors.InvalidParams(param.Name, "missing"));
            }
        }

        foreach (var param in _grantParams)
        {
            if (parameters.Has(param) && Array.IndexOf(required, param) < 0 && Array.IndexOf(optional, param) < 0)
            {
                return new AuthOutcome(null, RpcErrors.InvalidParams(param.Name, $"not used with grant_type {grant}"));
            }
        }

        return null;
    }
}
