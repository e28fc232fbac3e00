using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.Cli.Api;

// The web console's one-time sign-in links.
public sealed partial class ControlPlaneClient
{
    /// <summary>
    /// <c>POST /api/v1/auth/console-links</c>: a link that signs a browser in to the console as
    /// this client's key, once, within 60 s. The key itself never goes into the URL.
    /// </summary>
    public Task<ConsoleLink> CreateConsoleLinkAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/v1/auth/console-links", null, CellularJsonContext.Default.ConsoleLink, cancellationToken);
}
