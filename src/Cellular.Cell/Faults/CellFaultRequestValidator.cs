using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cell.Faults;

/// <summary>
/// Checks a <see cref="CellFaultRequest"/> and fills in its defaults. Every problem is reported at
/// once, keyed by the JSON field, so an experiment author fixes the request in one go.
/// </summary>
internal static class CellFaultRequestValidator
{
    public const int MaxDurationSeconds = 3600;
    public const int MaxLatencyMs = 300_000;
    public const int MaxTenants = 1000;
    public const int DefaultErrorStatus = 500;
    public const string Kinds = "latency, error, abort or crash";

    /// <returns>The request with defaults filled in, or null with <paramref name="errors"/> set.</returns>
    public static CellFaultRequest? Validate(CellFaultRequest request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var kind = request.Kind;
        if (kind is null)
        {
            errors["kind"] = [$"kind is required: {Kinds}."];
        }
        else if (!Enum.IsDefined(kind.Value))
        {
            errors["kind"] = [$"kind must be {Kinds}."];
            kind = null;
        }

        if (request.DurationSeconds is not { } duration)
        {
            errors["durationSeconds"] = [$"durationSeconds is required: every fault expires, after 1 to {MaxDurationSeconds} seconds."];
        }
        else if (duration is < 1 or > MaxDurationSeconds)
        {
            errors["durationSeconds"] = [$"durationSeconds must be 1 to {MaxDurationSeconds}; it was {duration}."];
        }

        var latencyMs = request.LatencyMs;
        if (kind == CellFaultKind.Latency && latencyMs is null)
        {
            errors["latencyMs"] = [$"latencyMs is required for a latency fault (1 to {MaxLatencyMs})."];
        }
        else if (kind == CellFaultKind.Latency && latencyMs is < 1 or > MaxLatencyMs)
        {
            errors["latencyMs"] = [$"latencyMs must be 1 to {MaxLatencyMs}; it was {latencyMs}."];
        }
        else if (kind is not null && kind != CellFaultKind.Latency && latencyMs is not null)
        {
            errors["latencyMs"] = ["latencyMs applies only to latency faults; remove it."];
        }

        var status = request.Status;
        if (kind == CellFaultKind.Error)
        {
            status ??= DefaultErrorStatus;
            if (status is not (429 or (>= 500 and <= 599)))
            {
                errors["status"] = [$"status must be 429 or 500 to 599; it was {status}."];
            }
        }
        else if (kind is not null && status is not null)
        {
            errors["status"] = ["status applies only to error faults; remove it."];
        }

        var rate = request.Rate ?? 1.0;
        if (double.IsNaN(rate) || rate is < 0 or > 1)
        {
            errors["rate"] = [$"rate is the fraction of matching requests affected and must be 0 to 1; it was {rate}."];
        }

        var tenants = ValidateTenants(request.Tenants, errors);

        return errors.Count == 0
            ? new CellFaultRequest(kind, request.DurationSeconds, latencyMs, status, rate, tenants)
            : null;
    }

    private static List<string>? ValidateTenants(IReadOnlyList<string>? tenants, Dictionary<string, string[]> errors)
    {
        if (tenants is null)
        {
            return null;
        }

        if (tenants.Count == 0)
        {
            errors["tenants"] = ["tenants must name at least one tenant; leave it out to affect every request."];
            return null;
        }

        if (tenants.Count > MaxTenants)
        {
            errors["tenants"] = [$"tenants names {tenants.Count} tenants; at most {MaxTenants} are allowed."];
            return null;
        }

        var problems = tenants
            .Select((tenant, i) => Ids.DescribeInvalidTenantId(tenant) is { } problem ? $"tenants[{i}]: {problem}" : null)
            .OfType<string>()
            .ToArray();
        if (problems.Length > 0)
        {
            errors["tenants"] = problems;
            return null;
        }

        return tenants.Distinct(StringComparer.Ordinal).ToList();
    }
}
