using System.Text.Json;

namespace Clearline.Api.Tests.Support;

/// <summary>Assertions on the Deribit v2 envelope.</summary>
public static class Rpc
{
    public static void AssertEnvelope(JsonElement response)
    {
        Assert.Equal(JsonValueKind.Object, response.ValueKind);
        Assert.Equal("2.0", response.GetProperty("jsonrpc").GetString());
        var usIn = response.GetProperty("usIn").GetInt64();
        var usOut = response.GetProperty("usOut").GetInt64();
        Assert.Equal(usOut - usIn, response.GetProperty("usDiff").GetInt64());
        Assert.True(response.GetProperty("testnet").ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.True(response.TryGetProperty("result", out _) ^ response.TryGetProperty("error", out _), "exactly one of result and error");
    }

    public static JsonElement Result(JsonElement response)
    {
        AssertEnvelope(response);
        Assert.False(response.TryGetProperty("error", out var error), $"unexpected error {error}");
        return response.GetProperty("result");
    }

    /// <summary>Asserts an error with this code and returns the error object.</summary>
    public static JsonElement Error(JsonElement response, int code)
    {
        AssertEnvelope(response);
        Assert.True(response.TryGetProperty("error", out var error), $"expected error {code}, got {response}");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        return error;
    }

    public static string? Param(JsonElement error) =>
        error.TryGetProperty("data", out var data) && data.TryGetProperty("param", out var param) ? param.GetString() : null;

    public static string? Reason(JsonElement error) =>
        error.TryGetProperty("data", out var data) && data.TryGetProperty("reason", out var reason) ? reason.GetString() : null;
}
