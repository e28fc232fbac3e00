using Microsoft.Extensions.ObjectPool;

namespace Cellular.Router.Forwarding;

/// <summary>Creates and resets pooled <see cref="RoutedRequest"/> instances.</summary>
internal sealed class RoutedRequestPoolPolicy : PooledObjectPolicy<RoutedRequest>
{
    /// <inheritdoc />
    public override RoutedRequest Create() => new();

    /// <inheritdoc />
    public override bool Return(RoutedRequest obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj.Reset();
        return true;
    }
}
