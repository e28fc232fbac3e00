using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cellular.Core.Api;

/// <summary>
/// All of one tenant's rows at one point of its change sequence: <c>GET /_cell/tenants/{t}/export</c>,
/// and the body of <c>POST import</c> on the target cell unchanged.
/// </summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Watermark">The change sequence number the rows are consistent with; read changes after it.</param>
/// <param name="Rows">The app's rows, in the app's own JSON shape.</param>
public sealed record TenantSnapshot(string Tenant, long Watermark, IReadOnlyList<JsonElement> Rows);

/// <summary>What a change did to a row.</summary>
public enum TenantChangeOperation
{
    /// <summary>The row was created or changed; <c>row</c> is its new content.</summary>
    [JsonStringEnumMemberName("upsert")]
    Upsert,

    /// <summary>The row was deleted; there is no <c>row</c>.</summary>
    [JsonStringEnumMemberName("delete")]
    Delete,
}

/// <summary>The latest change of one row of a tenant.</summary>
/// <param name="Seq">The tenant's change sequence number of the change.</param>
/// <param name="Op">Upsert or delete.</param>
/// <param name="Key">The row's key, in the app's format.</param>
/// <param name="Row">The row after an upsert, in the app's JSON shape.</param>
public sealed record TenantChange(long Seq, TenantChangeOperation Op, string Key, JsonElement? Row = null);

/// <summary>
/// One page of a tenant's change feed: <c>GET /_cell/tenants/{t}/changes?after={seq}</c>, and the
/// body of <c>POST changes</c> on the target cell unchanged.
/// </summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Changes">Changes with a sequence number above <c>after</c>, ascending.</param>
/// <param name="Next">Pass as <c>after</c> for the next page; the page covers every change up to it.</param>
/// <param name="HasMore">True when the page was full; false means the feed is read up to <paramref name="HighWater"/>.</param>
/// <param name="HighWater">The tenant's highest sequence number when the page was read.</param>
public sealed record TenantChangePage(string Tenant, IReadOnlyList<TenantChange> Changes, long Next, bool HasMore, long HighWater);

/// <summary><c>GET /_cell/tenants/{t}/hash</c>: a digest of the tenant's logical rows, equal on every cell holding the same data.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Algorithm">How <paramref name="Value"/> was computed, e.g. <c>sha256</c>.</param>
/// <param name="Value">The digest, lower-case hex.</param>
/// <param name="Rows">How many rows went into it.</param>
public sealed record TenantHash(string Tenant, string Algorithm, string Value, long Rows);
