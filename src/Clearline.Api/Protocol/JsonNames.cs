using System.Text.Json;

namespace Clearline.Api.Protocol;

/// <summary>Pre-encoded property names of the envelope, so writing one costs no transcoding.</summary>
internal static class JsonNames
{
    public static readonly JsonEncodedText JsonRpc = JsonEncodedText.Encode("jsonrpc");
    public static readonly JsonEncodedText Version = JsonEncodedText.Encode("2.0");
    public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    public static readonly JsonEncodedText Result = JsonEncodedText.Encode("result");
    public static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    public static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
    public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    public static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    public static readonly JsonEncodedText Param = JsonEncodedText.Encode("param");
    public static readonly JsonEncodedText UsIn = JsonEncodedText.Encode("usIn");
    public static readonly JsonEncodedText UsOut = JsonEncodedText.Encode("usOut");
    public static readonly JsonEncodedText UsDiff = JsonEncodedText.Encode("usDiff");
    public static readonly JsonEncodedText Testnet = JsonEncodedText.Encode("testnet");
    public static readonly JsonEncodedText Method = JsonEncodedText.Encode("method");
    public static readonly JsonEncodedText Params = JsonEncodedText.Encode("params");
    public static readonly JsonEncodedText Channel = JsonEncodedText.Encode("channel");
    public static readonly JsonEncodedText Subscription = JsonEncodedText.Encode("subscription");
}
