using Cellular.Core.Security;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Security;

/// <summary>
/// The cell's secret, decoded once, and what is derived from it: the control plane's credential
/// key and the tenant-assertion keys. Never logged or exposed.
/// </summary>
internal sealed class CellCredentials
{
    private readonly byte[]? _secret;

    public CellCredentials(IOptions<CellAuthOptions> auth, IOptions<CellOptions> cell)
    {
        var options = auth.Value;
        CellId = cell.Value.Id;
        AllowUnsigned = options.AllowUnsigned;
        ClockSkew = options.ClockSkew;
        if (CellSecrets.TryDecode(options.Secret, out var secret))
        {
            _secret = secret;
            ControlKey = CellSecrets.DeriveControlKey(secret);
        }
    }

    public string CellId { get; }

    /// <summary>True when the cell has its secret, so assertions and credentials can be checked.</summary>
    public bool HasSecret => _secret is not null;

    public bool AllowUnsigned { get; }

    public TimeSpan ClockSkew { get; }

    /// <summary>The key of the control plane's credential; null without a secret.</summary>
    public byte[]? ControlKey { get; }

    /// <summary>The tenant-assertion key of <paramref name="generation"/>; requires a secret.</summary>
    public byte[] DeriveAssertionKey(long generation) =>
        CellSecrets.DeriveAssertionKey(_secret ?? throw new InvalidOperationException("The cell has no secret."), generation);
}
