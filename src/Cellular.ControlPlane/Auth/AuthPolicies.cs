using Cellular.Core.Api;
using Microsoft.AspNetCore.Authorization;

namespace Cellular.ControlPlane.Auth;

/// <summary>
/// The authorization policies of the API. Human roles nest (ReadOnly &lt; CellOperator &lt; Admin);
/// Router may only read the routing table, the assertion keys and whoami.
/// </summary>
public static class AuthPolicies
{
    /// <summary>Reads: ReadOnly, CellOperator, Admin.</summary>
    public const string ReadOnly = "cellular.read-only";

    /// <summary>Operating the fleet: CellOperator, Admin.</summary>
    public const string CellOperator = "cellular.cell-operator";

    /// <summary>Everything: Admin.</summary>
    public const string Admin = "cellular.admin";

    /// <summary>The routing table and whoami: every role, Router included.</summary>
    public const string TableReader = "cellular.table-reader";

    /// <summary>The tenant-assertion keys: Router, Admin.</summary>
    public const string AssertionKeys = "cellular.assertion-keys";

    internal static void Add(AuthorizationOptions options)
    {
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(ReadOnly, p => p.RequireRole(nameof(ApiRole.ReadOnly), nameof(ApiRole.CellOperator), nameof(ApiRole.Admin)));
        options.AddPolicy(CellOperator, p => p.RequireRole(nameof(ApiRole.CellOperator), nameof(ApiRole.Admin)));
        options.AddPolicy(Admin, p => p.RequireRole(nameof(ApiRole.Admin)));
        options.AddPolicy(TableReader, p => p.RequireRole(nameof(ApiRole.ReadOnly), nameof(ApiRole.CellOperator), nameof(ApiRole.Admin), nameof(ApiRole.Router)));
        options.AddPolicy(AssertionKeys, p => p.RequireRole(nameof(ApiRole.Router), nameof(ApiRole.Admin)));
    }
}
