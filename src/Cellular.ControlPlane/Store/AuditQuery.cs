namespace Cellular.ControlPlane.Store;

/// <summary>One page of the audit log: at most <paramref name="Limit"/> entries older than <paramref name="Before"/>, filtered.</summary>
/// <param name="Limit">Most entries in the page.</param>
/// <param name="Before">Only entries with a smaller id; null = from the newest.</param>
/// <param name="Action">Only this action, e.g. <c>auth.denied</c>.</param>
/// <param name="Actor">Only this actor.</param>
/// <param name="Target">Only this exact target, e.g. <c>cell/c1</c>.</param>
internal sealed record AuditQuery(int Limit, long? Before = null, string? Action = null, string? Actor = null, string? Target = null);
