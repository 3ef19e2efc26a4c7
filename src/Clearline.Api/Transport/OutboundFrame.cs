namespace Clearline.Api.Transport;

/// <summary>A text message waiting to be sent. A pooled buffer goes back to the shared pool once sent; a
/// notification's buffer is shared by every subscriber and is not pooled.</summary>
internal readonly record struct OutboundFrame(byte[] Buffer, int Length, bool Pooled);
