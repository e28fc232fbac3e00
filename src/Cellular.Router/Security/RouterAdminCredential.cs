using Cellular.Core.Security;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Security;

/// <summary>
/// What <c>GET /_router/stats</c> and <c>/_router/limits</c> want when
/// <see cref="RouterOptions.AdminToken"/> or <see cref="RouterOptions.AdminTokenFile"/> is set:
/// they name tenants (those with errors, the limited ones), so no client of the router may read them.
/// </summary>
internal sealed class RouterAdminCredential
{
    private readonly TokenSource _source;

    /// <summary>Creates the credential from the options.</summary>
    public RouterAdminCredential(IOptions<RouterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _source = new TokenSource(options.Value.AdminToken, options.Value.AdminTokenFile);
    }

    /// <summary>True when the endpoints are locked.</summary>
    public bool IsRequired => _source.IsConfigured;

    /// <summary>True when the request may read them.</summary>
    public bool Allows(HttpRequest request) => !IsRequired || _source.Matches(request.Headers.Authorization.Count == 1 ? request.Headers.Authorization.ToString() : null);
}
