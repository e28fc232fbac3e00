using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Cellular.Core;
using Cellular.Core.Model;
using Microsoft.AspNetCore.Http;

namespace Cellular.Cell.Tenancy;

/// <summary>The tenant headers of one request, parsed and validated.</summary>
internal sealed class TenantContext : ITenantContext
{
    private TenantContext(string? tenantId, long? epoch, string? error)
    {
        TenantId = tenantId;
        Epoch = epoch;
        Error = error;
    }

    public string? TenantId { get; }

    public long? Epoch { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(TenantId))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null;

    public static TenantContext FromHeaders(IHeaderDictionary headers)
    {
        string? tenantId = null;
        string? error;
        var ids = headers[CellularHeaders.TenantId];
        if (ids.Count > 1)
        {
            error = $"The request carries {ids.Count} {CellularHeaders.TenantId} headers; send exactly one.";
        }
        else if (string.IsNullOrEmpty(ids.ToString()))
        {
            error = $"The request has no {CellularHeaders.TenantId} header. This endpoint serves one tenant at a time; send the tenant id in {CellularHeaders.TenantId}.";
        }
        else if (Ids.DescribeInvalidTenantId(ids.ToString()) is { } problem)
        {
            error = $"{CellularHeaders.TenantId} is not valid. {problem}";
        }
        else
        {
            tenantId = ids.ToString();
            error = null;
        }

        long? epoch = null;
        var epochs = headers[CellularHeaders.TenantEpoch];
        if (epochs.Count == 1 && long.TryParse(epochs.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            epoch = value;
        }
        else if (epochs.Count > 0)
        {
            error ??= $"{CellularHeaders.TenantEpoch} must be one non-negative whole number.";
        }

        return new TenantContext(error is null ? tenantId : null, epoch, error);
    }
}
