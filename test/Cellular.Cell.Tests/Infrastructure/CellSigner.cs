using System.Globalization;
using Cellular.Core.Security;

namespace Cellular.Cell.Tests.Infrastructure;

/// <summary>
/// Makes what a router and the control plane send a cell: tenant assertions signed with the cell's
/// assertion key of a generation, and control credentials signed with its control key, all from
/// the test secret.
/// </summary>
internal sealed class CellSigner(string cellId, TimeProvider? timeProvider = null)
{
    /// <summary>The secret every test cell is given (32 fixed bytes, so a failing test is reproducible).</summary>
    public static readonly byte[] SecretBytes = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))];

    /// <summary><see cref="SecretBytes"/> as configuration carries it.</summary>
    public static readonly string Secret = CellSecrets.Encode(SecretBytes);

    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private static long _ids;

    public string CellId { get; } = cellId;

    /// <summary>The generation assertions are signed with unless a call says otherwise.</summary>
    public long Generation { get; set; } = 1;

    private DateTimeOffset Now => (timeProvider ?? TimeProvider.System).GetUtcNow();

    public string Assertion(string tenant, long epoch, long? generation = null, string? cell = null, DateTimeOffset? expiresAt = null, byte[]? secret = null)
    {
        var gen = generation ?? Generation;
        var key = CellSecrets.DeriveAssertionKey(secret ?? SecretBytes, gen);
        return TenantAssertion.Create(key, gen, cell ?? CellId, tenant, epoch, expiresAt ?? Now + Lifetime, NextId());
    }

    /// <summary>A control credential for one call: <paramref name="method"/> on <paramref name="path"/> (no query).</summary>
    public string ControlToken(string method, string path, string? cell = null, DateTimeOffset? expiresAt = null, byte[]? secret = null) =>
        ControlCredential.Create(CellSecrets.DeriveControlKey(secret ?? SecretBytes), cell ?? CellId, method, path, expiresAt ?? Now + Lifetime, NextId());

    private static string NextId() => "t" + Interlocked.Increment(ref _ids).ToString("D15", CultureInfo.InvariantCulture);
}
