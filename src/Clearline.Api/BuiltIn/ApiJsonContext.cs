using System.Text.Json.Serialization;

namespace Clearline.Api.BuiltIn;

internal sealed record VersionResult(string Version);

internal sealed record StatusResult(string Locked, string[] LockedIndices);

internal sealed record AuthResult(string AccessToken, int ExpiresIn, string RefreshToken, string Scope, string TokenType, string? State);

/// <summary>Source-generated serialisation of the built-in results, in Deribit's snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VersionResult))]
[JsonSerializable(typeof(StatusResult))]
[JsonSerializable(typeof(AuthResult))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
