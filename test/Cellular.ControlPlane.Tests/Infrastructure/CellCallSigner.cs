using System.Globalization;
using Cellular.Core;
using Cellular.Core.Security;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// Signs a test's direct calls to a Notes cell as the platform would: <c>/_cell/*</c> (but health)
/// with the control plane's credential, tenant requests with a tenant assertion (generation 1)
/// as a router makes them.
/// </summary>
internal sealed class CellCallSigner(string cell, byte[] secret) : DelegatingHandler(new HttpClientHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.IsAbsoluteUri == true ? request.RequestUri.AbsolutePath : request.RequestUri?.OriginalString ?? string.Empty;
        if (path.StartsWith("/_cell/", StringComparison.Ordinal))
        {
            if (path != "/_cell/health" && request.Headers.Authorization is null)
            {
                request.Headers.Authorization = TestCredentials.Bearer(secret, cell, request);
            }
        }
        else if (request.Headers.TryGetValues(CellularHeaders.TenantId, out var tenants))
        {
            var epoch = request.Headers.TryGetValues(CellularHeaders.TenantEpoch, out var epochs) ? long.Parse(epochs.First(), CultureInfo.InvariantCulture) : 0;
            var assertion = TenantAssertion.Create(
                CellSecrets.DeriveAssertionKey(secret, 1),
                1,
                cell,
                tenants.First(),
                epoch,
                TimeProvider.System.GetUtcNow().AddSeconds(60),
                Guid.NewGuid().ToString("N").AsSpan(0, 16));
            request.Headers.Remove(CellularHeaders.TenantAssertion);
            request.Headers.Add(CellularHeaders.TenantAssertion, assertion);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
