using System.ComponentModel.DataAnnotations;

namespace Cellular.Testing.BadRelease;

/// <summary>How bad the release is (section <c>BadRelease</c>).</summary>
internal sealed class BadReleaseOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "BadRelease";

    /// <summary>Share of tenant requests answered 500, 0–1; every <c>/_cell/*</c> request is served.</summary>
    /// <value>Default 0.5.</value>
    [Range(0.0, 1.0)]
    public double FailRate { get; set; } = 0.5;

    /// <summary>
    /// Only tenants whose id starts with this fail (a bug that shows only with production data:
    /// a staging cell's tenants pass, so the release reaches production); empty = every tenant.
    /// </summary>
    public string FailTenantPrefix { get; set; } = string.Empty;
}
