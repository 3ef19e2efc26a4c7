namespace Clearline.Api.Methods;

/// <summary>
/// A set of methods to offer. Register implementations in the service collection; each one's
/// <see cref="Register"/> runs once, when the registry is first needed, after which the registry is frozen.
/// </summary>
public interface IRpcMethodModule
{
    void Register(RpcMethodRegistry registry);
}
