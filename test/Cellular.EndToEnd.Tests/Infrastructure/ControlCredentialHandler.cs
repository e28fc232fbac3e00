using System.Net.Http.Headers;
using Cellular.Core.Security;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>Signs each request with a fresh control credential for its method and decoded path, as the control plane does.</summary>
internal sealed class ControlCredentialHandler(byte[] controlKey, string cell) : DelegatingHandler(new HttpClientHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            ControlCredential.Create(controlKey, cell, request.Method.Method, path, TimeProvider.System.GetUtcNow().AddSeconds(60), Guid.NewGuid().ToString("N")[..16]));
        return base.SendAsync(request, cancellationToken);
    }
}
