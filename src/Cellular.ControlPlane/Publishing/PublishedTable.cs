using Microsoft.Net.Http.Headers;

namespace Cellular.ControlPlane.Publishing;

/// <summary>One routing-table version, serialised once and served to every router as is.</summary>
/// <param name="Version">The table version.</param>
/// <param name="Json">The <c>RoutingTableSnapshot</c> as UTF-8 JSON.</param>
internal sealed record PublishedTable(long Version, ReadOnlyMemory<byte> Json)
{
    /// <summary>The strong entity tag of this version: <c>"{version}"</c>.</summary>
    public EntityTagHeaderValue ETag { get; } = new($"\"{Version}\"");
}
