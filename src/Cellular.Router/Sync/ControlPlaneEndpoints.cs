using Microsoft.Extensions.Options;

namespace Cellular.Router.Sync;

/// <summary>
/// The control-plane replicas the router may sync from, in order, and the one it uses now. Every
/// replica serves the same API from the same store, so any of them will do: the sync stays with
/// one until it fails, then moves to the next (round robin), and reports which one it uses.
/// </summary>
internal sealed class ControlPlaneEndpoints
{
    private readonly Uri[] _bases;
    private int _current;

    /// <summary>Creates the list from <see cref="RouterOptions.ControlPlaneUrls"/> (or the single <see cref="RouterOptions.ControlPlaneUrl"/>).</summary>
    public ControlPlaneEndpoints(IOptions<RouterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bases = [.. options.Value.ResolveControlPlaneUrls().Select(url => new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute))];
    }

    /// <summary>Every replica, in order.</summary>
    public IReadOnlyList<Uri> All => _bases;

    /// <summary>The replica in use now.</summary>
    public Uri Current => _bases[Volatile.Read(ref _current)];

    /// <summary><see cref="Current"/> as configured, without the trailing slash: for logs and health.</summary>
    public string CurrentText => Text(Current);

    /// <summary><paramref name="path"/> (relative, no leading slash) on the replica in use now.</summary>
    public Uri Resolve(string path) => new(Current, path);

    /// <summary>
    /// Moves on from <paramref name="failed"/> to the next replica and returns it; does nothing
    /// (returns the current one) when another caller already moved on, or with one replica.
    /// </summary>
    public Uri FailOver(Uri failed)
    {
        var index = Array.IndexOf(_bases, failed);
        if (index >= 0 && _bases.Length > 1)
        {
            Interlocked.CompareExchange(ref _current, (index + 1) % _bases.Length, index);
        }

        return Current;
    }

    /// <summary>A base URL as configured, without the trailing slash.</summary>
    public static string Text(Uri baseUri) => baseUri.ToString().TrimEnd('/');
}
