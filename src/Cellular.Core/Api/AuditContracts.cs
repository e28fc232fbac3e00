using System.Text.Json;

namespace Cellular.Core.Api;

/// <summary>One audited control-plane mutation: who did what to which object, and when.</summary>
/// <param name="Id">Monotonic sequence number; higher is newer.</param>
/// <param name="At">When the mutation was committed.</param>
/// <param name="Actor">Who asked for it: the authenticated principal (API key name or token subject), or a workflow such as <c>migration-runner</c>.</param>
/// <param name="Action">What was done, e.g. <c>cell.create</c> or <c>tenant.pin</c>.</param>
/// <param name="Target">The object acted on, e.g. <c>cell/c1</c> or <c>tenant/acme</c>.</param>
/// <param name="Detail">Facts about the change as a JSON object.</param>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Target, JsonElement? Detail);
