using System.Net.Http.Headers;
using Cellular.ControlPlane.Store;

namespace Cellular.ControlPlane.Auth;

/// <summary>
/// Puts the control plane's credential (<c>Authorization: Bearer cc1:…</c>) on every call to a
/// cell's <c>/_cell/*</c> endpoints except <c>GET /_cell/health</c>. The cell is the one named
/// in the request's <see cref="CellOption"/>, or else the live cell whose endpoint the URL
/// starts with; a call to no known cell goes without a credential.
/// </summary>
internal sealed class CellCredentialHandler(CellKeys keys, ICellularStore store) : DelegatingHandler
{
    /// <summary>Names the cell a request is for, when the caller knows it.</summary>
    public static readonly HttpRequestOptionsKey<string> CellOption = new("cellular.cell");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && NeedsCredential(uri) && request.Headers.Authorization is null)
        {
            var cell = request.Options.TryGetValue(CellOption, out var named) ? named : await FindCellAsync(uri, cancellationToken);
            if (cell is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys.ControlCredentialFor(cell));
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static bool NeedsCredential(Uri uri)
    {
        var path = uri.AbsolutePath;
        var at = path.IndexOf("/_cell/", StringComparison.Ordinal);
        return at >= 0 && !path.AsSpan(at).Equals("/_cell/health", StringComparison.Ordinal);
    }

    private async Task<string?> FindCellAsync(Uri uri, CancellationToken cancellationToken)
    {
        var url = uri.AbsoluteUri;
        foreach (var cell in await store.ListCellsAsync(cancellationToken))
        {
            if (cell.Cell.State != Core.Model.CellState.Retired && cell.Cell.Endpoint is { } endpoint
                && url.StartsWith(endpoint.TrimEnd('/') + "/_cell/", StringComparison.OrdinalIgnoreCase))
            {
                return cell.Cell.Id;
            }
        }

        return null;
    }
}
