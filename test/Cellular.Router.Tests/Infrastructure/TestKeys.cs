using Cellular.Core.Api;
using Cellular.Core.Security;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>
/// The key hierarchy of the test control planes: one fixed master key, from which every cell's
/// secret and assertion keys are derived exactly as the real control plane does.
/// </summary>
internal static class TestKeys
{
    public static readonly byte[] MasterKey = [.. Enumerable.Range(1, CellSecrets.KeySize).Select(i => (byte)i)];

    public static byte[] Secret(string cell) => CellSecrets.DeriveCellSecret(MasterKey, cell);

    public static byte[] AssertionKey(string cell, long generation) => CellSecrets.DeriveAssertionKey(Secret(cell), generation);

    /// <summary>
    /// Checks an assertion the way the cell SDK does (signature under the cell's key of its
    /// generation, cell, tenant, epoch, expiry); null when valid, otherwise why not.
    /// </summary>
    public static string? Check(string? header, string cell, string tenant, string epoch, DateTimeOffset now)
    {
        if (!TenantAssertion.TryParseUnverified(header, out var assertion))
        {
            return "missing or malformed";
        }

        if (!TenantAssertion.VerifySignature(header!, AssertionKey(assertion.Cell, assertion.Generation)))
        {
            return "bad signature";
        }

        return assertion.Cell != cell ? $"for cell {assertion.Cell}"
            : assertion.Tenant != tenant ? $"for tenant {assertion.Tenant}"
            : assertion.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) != epoch ? $"for epoch {assertion.Epoch}"
            : assertion.ExpiresAt <= now ? "expired"
            : null;
    }

    public static AssertionKeySet Set(long generation, IEnumerable<string> cells) =>
        new(generation, [.. cells.Distinct(StringComparer.Ordinal).Select(c => new CellAssertionKey(c, CellSecrets.Encode(AssertionKey(c, generation))))]);
}
