using System.Net;

namespace Clearline.Api.RateLimiting;

/// <summary>Counts open WebSocket connections per remote address and refuses one past the limit.</summary>
internal sealed class ConnectionLimiter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _open = [];
    private readonly int _maxPerAddress;

    public ConnectionLimiter(int maxPerAddress)
    {
        _maxPerAddress = maxPerAddress;
    }

    public bool TryAcquire(IPAddress address)
    {
        lock (_lock)
        {
            _open.TryGetValue(address, out var count);
            if (count >= _maxPerAddress)
            {
                return false;
            }

            _open[address] = count + 1;
            return true;
        }
    }

    public void Release(IPAddress address)
    {
        lock (_lock)
        {
            if (_open.TryGetValue(address, out var count))
            {
                if (count <= 1)
                {
                    _open.Remove(address);
                }
                else
                {
                    _open[address] = count - 1;
                }
            }
        }
    }
}
