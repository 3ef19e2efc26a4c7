using System.Collections.Frozen;

namespace Clearline.Api.Methods;

/// <summary>
/// The methods the server answers, by name. Filled by the <see cref="IRpcMethodModule"/>s, then frozen: lookups
/// are lock-free and take the name as characters, so a name read from a request needs no string.
/// </summary>
public sealed class RpcMethodRegistry
{
    private readonly Dictionary<string, RpcMethod> _building = new(StringComparer.Ordinal);
    private FrozenDictionary<string, RpcMethod>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private FrozenDictionary<string, RpcMethod>? _frozen;

    public void Add(RpcMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (_frozen is not null)
        {
            throw new InvalidOperationException("Methods are registered by IRpcMethodModule before the server starts.");
        }

        if (!method.IsPrivate && method.RequiredScopes != Auth.ApiScopes.None)
        {
            throw new ArgumentException($"{method.Name}: a public method cannot require scopes.", nameof(method));
        }

        if (method.Cost < 0)
        {
            throw new ArgumentException($"{method.Name}: a cost cannot be negative.", nameof(method));
        }

        if (!_building.TryAdd(method.Name, method))
        {
            throw new ArgumentException($"{method.Name} is registered twice.", nameof(method));
        }
    }

    internal void Freeze()
    {
        _frozen = _building.ToFrozenDictionary(StringComparer.Ordinal);
        _lookup = _frozen.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    internal RpcMethod? Find(ReadOnlySpan<char> name) => _lookup.TryGetValue(name, out var method) ? method : null;
}
