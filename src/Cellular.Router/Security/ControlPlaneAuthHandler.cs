using System.Net.Http.Headers;

namespace Cellular.Router.Security;

/// <summary>Puts the router's credential (<see cref="ControlPlaneCredential"/>) on every request to the control plane.</summary>
internal sealed class ControlPlaneAuthHandler : DelegatingHandler
{
    private readonly ControlPlaneCredential _credential;

    /// <summary>Creates the handler.</summary>
    public ControlPlaneAuthHandler(ControlPlaneCredential credential) => _credential = credential;

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_credential.GetToken() is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
