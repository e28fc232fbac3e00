using Cellular.Cell.Tenancy;
using Cellular.Core.Security;

namespace Cellular.Cell.Security;

/// <summary>
/// Checks the router's <c>X-Cellular-Assertion</c> on a tenant request: format, this cell, a
/// generation not retired, signature, the request's tenant and epoch, expiry (with clock skew).
/// </summary>
internal sealed class TenantAssertionVerifier(CellCredentials credentials, AssertionKeyRing keys, TimeProvider timeProvider)
{
    /// <summary>Null when <paramref name="header"/> is a valid assertion for this request; else why not (it quotes no token).</summary>
    public string? Verify(string? header, ITenantContext tenant)
    {
        if (string.IsNullOrEmpty(header))
        {
            return "The request carries no tenant assertion. Tenant requests reach a cell only through a Cellular router, which signs each one.";
        }

        if (!TenantAssertion.TryParseUnverified(header, out var assertion))
        {
            return "The tenant assertion is malformed.";
        }

        if (!string.Equals(assertion.Cell, credentials.CellId, StringComparison.Ordinal))
        {
            return "The tenant assertion is for another cell.";
        }

        if (keys.IsRetired(assertion.Generation))
        {
            return $"The tenant assertion is signed with key generation {assertion.Generation}, which is retired here (newest seen: {keys.Highest}; the one before it is accepted only for a grace period after the newest first arrives).";
        }

        var key = keys.KeyOf(assertion.Generation);
        if (!TenantAssertion.VerifySignature(header, key))
        {
            return "The tenant assertion has a bad signature.";
        }

        // The signature is valid: the router does use this generation, even if this request fails below.
        keys.Seen(assertion.Generation, key);

        if (!string.Equals(assertion.Tenant, tenant.TenantId, StringComparison.Ordinal))
        {
            return "The tenant assertion is for another tenant than the request's X-Tenant-Id.";
        }

        if (assertion.Epoch != tenant.Epoch)
        {
            return "The tenant assertion's epoch differs from the request's X-Tenant-Epoch.";
        }

        if (assertion.ExpiresAt + credentials.ClockSkew < timeProvider.GetUtcNow())
        {
            return "The tenant assertion has expired.";
        }

        return null;
    }
}
