using System.Net.Http.Headers;
using Cellular.ControlPlane.Store;

namespace Cellular.ControlPlane.Auth;

/// <summary>
/// Puts the control plane's credential (<c>Authorization: Bearer cc1:…</c>) on every call to a
/// cell's <c>/_cell/*</c> endpoints except <c>GET /_cell/health</c>. The cell is the one named
/// in the request's <see cref="CellOption"/>, or else the live cell whose endpoint the URL
/// starts with; a call to no known cell goes without a credential. Each credential is made for
/// the request's method and decoded path and is good for one call (the cell refuses it again), so
/// a request sent through here again gets a new one.
/// </summary>
internal sealed class CellCredentialHandler(CellKeys keys, IStoreDatabase database, CellStore cellStore) : DelegatingHandler
{
    /// <summary>Names the cell a request is for, when the caller knows it.</summary>
    public static readonly HttpRequestOptionsKey<string> CellOption = new("cellular.cell");

    /// <summary>Marks a request whose <c>Authorization</c> this handler set, so a second send replaces it.</summary>
    private static readonly HttpRequestOptionsKey<bool> SignedOption = new("cellular.control-credential");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var ours = request.Options.TryGetValue(SignedOption, out var signed) && signed;
        if (request.RequestUri is { } uri && NeedsCredential(uri) && (request.Headers.Authorization is null || ours))
        {
            var cell = request.Options.TryGetValue(CellOption, out var named) ? named : await FindCellAsync(uri, cancellationToken);
            if (cell is not null)
            {
                var path = Uri.UnescapeDataString(uri.AbsolutePath);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys.ControlCredentialFor(cell, request.Method.Method, path));
                request.Options.Set(SignedOption, true);
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
        foreach (var cell in await database.ReadAsync(cellStore.ListAsync, cancellationToken))
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
