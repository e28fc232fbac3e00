using Cellular.Core.Security;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Security;

/// <summary>
/// The router's credential for the control plane: <see cref="RouterOptions.ControlPlaneToken"/>,
/// or the content of <see cref="RouterOptions.ControlPlaneTokenFile"/>, read again whenever the
/// file changes (so a rotated token is used without a restart). Only the background calls to the
/// control plane ask for it, never the request path.
/// </summary>
internal sealed class ControlPlaneCredential
{
    private readonly TokenSource _source;

    /// <summary>Creates the credential from the options.</summary>
    public ControlPlaneCredential(IOptions<RouterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _source = new TokenSource(options.Value.ControlPlaneToken, options.Value.ControlPlaneTokenFile);
    }

    /// <summary>The token to send, or null when none is configured or the file cannot be read.</summary>
    public string? GetToken() => _source.GetToken();
}
