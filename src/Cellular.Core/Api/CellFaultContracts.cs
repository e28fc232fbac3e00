using System.Text.Json.Serialization;

namespace Cellular.Core.Api;

/// <summary>What an injected fault does to a matching request of the cell's app.</summary>
public enum CellFaultKind
{
    /// <summary>Delay the request by <c>latencyMs</c> before the app handles it.</summary>
    [JsonStringEnumMemberName("latency")]
    Latency,

    /// <summary>Answer with <c>status</c> as problem+json without running the app.</summary>
    [JsonStringEnumMemberName("error")]
    Error,

    /// <summary>Reset the connection without a response.</summary>
    [JsonStringEnumMemberName("abort")]
    Abort,

    /// <summary>Kill the cell process (the poison-pill tenant).</summary>
    [JsonStringEnumMemberName("crash")]
    Crash,
}

/// <summary>
/// Body of <c>POST /_cell/faults</c>. Unknown properties are refused, so a misspelt
/// <c>tenants</c> cannot widen a fault to every tenant.
/// </summary>
/// <param name="Kind">Required: <c>latency</c>, <c>error</c>, <c>abort</c> or <c>crash</c>.</param>
/// <param name="DurationSeconds">Required, 1–3600: every fault expires.</param>
/// <param name="LatencyMs">Required for <c>latency</c> (1–300000); refused for other kinds.</param>
/// <param name="Status">For <c>error</c>: 500–599 or 429, default 500; refused for other kinds.</param>
/// <param name="Rate">Fraction of matching requests affected, 0–1, default 1.</param>
/// <param name="Tenants">Only requests of these tenants (<c>X-Tenant-Id</c>); omitted = every app request.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CellFaultRequest(
    CellFaultKind? Kind,
    int? DurationSeconds,
    int? LatencyMs = null,
    int? Status = null,
    double? Rate = null,
    IReadOnlyList<string>? Tenants = null);

/// <summary>An active fault of a cell, as <c>POST</c>/<c>GET /_cell/faults</c> show it.</summary>
/// <param name="Id">Id to delete the fault with.</param>
/// <param name="Kind">What the fault does.</param>
/// <param name="DurationSeconds">How long the fault lasts from <paramref name="CreatedAt"/>.</param>
/// <param name="LatencyMs">Delay of a <c>latency</c> fault.</param>
/// <param name="Status">Status of an <c>error</c> fault.</param>
/// <param name="Rate">Fraction of matching requests affected.</param>
/// <param name="Tenants">Tenants the fault is limited to; null = all.</param>
/// <param name="CreatedAt">When the fault was set (cell clock).</param>
/// <param name="ExpiresAt">When the fault stops applying and disappears.</param>
public sealed record CellFault(
    string Id,
    CellFaultKind Kind,
    int DurationSeconds,
    int? LatencyMs,
    int? Status,
    double Rate,
    IReadOnlyList<string>? Tenants,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
