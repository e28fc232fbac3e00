using System.Globalization;
using System.Net.Http.Headers;
using Cellular.Core;
using Cellular.Core.Model;

namespace Cellular.Cell.Tests.Infrastructure;

/// <summary>
/// Signs requests the way the router and control plane do, unless the test set the header itself:
/// <c>/_cell/*</c> gets the control plane's credential, a request with one valid <c>X-Tenant-Id</c> gets a
/// tenant assertion for its tenant and epoch (and <c>X-Tenant-Epoch: 0</c> when it has none, as a
/// router always sends one).
/// </summary>
internal sealed class SigningHandler(CellSigner signer) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Sign(request);
        return base.SendAsync(request, cancellationToken);
    }

    private void Sign(HttpRequestMessage request)
    {
        var path = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request.RequestUri?.OriginalString ?? "";
        if (path.StartsWith("/_cell", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", signer.ControlToken(request.Method.Method, Uri.UnescapeDataString(path.Split('?')[0])));
            return;
        }

        if (request.Headers.Contains(CellularHeaders.TenantAssertion)
            || !request.Headers.TryGetValues(CellularHeaders.TenantId, out var tenants)
            || tenants.ToList() is not [var tenant]
            || !Ids.IsValidTenantId(tenant))
        {
            return;
        }

        var epoch = 0L;
        if (request.Headers.TryGetValues(CellularHeaders.TenantEpoch, out var epochs))
        {
            if (epochs.ToList() is not [var text] || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out epoch))
            {
                return;
            }
        }
        else
        {
            request.Headers.Add(CellularHeaders.TenantEpoch, "0");
        }

        request.Headers.Add(CellularHeaders.TenantAssertion, signer.Assertion(tenant, epoch));
    }
}
