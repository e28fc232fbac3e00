using System.Diagnostics.CodeAnalysis;

namespace Cellular.Cell.Tenancy;

/// <summary>
/// What the router told this request about its tenant: the <c>X-Tenant-Id</c> and
/// <c>X-Tenant-Epoch</c> headers, validated once. Get it with <c>HttpContext.GetTenantContext()</c>.
/// </summary>
public interface ITenantContext
{
    /// <summary>The tenant id when the request carries exactly one valid <c>X-Tenant-Id</c>; otherwise null.</summary>
    string? TenantId { get; }

    /// <summary>
    /// The tenant's ownership epoch from <c>X-Tenant-Epoch</c>, or null when the router sent none.
    /// A cell that was fenced for a newer epoch must refuse the request.
    /// </summary>
    long? Epoch { get; }

    /// <summary>Why the request's tenant cannot be used, written for the caller; null when it can.</summary>
    string? Error { get; }

    /// <summary>True when the request names a valid tenant and any epoch it carries is well-formed.</summary>
    [MemberNotNullWhen(true, nameof(TenantId))]
    [MemberNotNullWhen(false, nameof(Error))]
    bool IsValid { get; }
}
