using System.Security.Cryptography;
using Cellular.ControlPlane.Configuration;
using Cellular.Core.Security;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Auth;

/// <summary>
/// The control plane's master key (<c>{DataDir}/master.key</c>, mode 0600, made on first start)
/// and what derives from it: each cell's secret, its assertion keys and the control credential
/// the control plane calls the cell's <c>/_cell/*</c> endpoints with.
/// </summary>
internal sealed partial class CellKeys(
    IOptions<ControlPlaneOptions> controlPlane,
    IOptions<ControlPlaneAuthOptions> auth,
    TimeProvider time,
    ILogger<CellKeys> logger)
{
    /// <summary>How long one control credential is valid.</summary>
    public static readonly TimeSpan CredentialLifetime = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private byte[]? _master;

    /// <summary>The master key file.</summary>
    public string MasterKeyFile => Path.GetFullPath(auth.Value.MasterKeyFile is { Length: > 0 } file ? file : Path.Combine(controlPlane.Value.DataDir, "master.key"));

    /// <summary>Reads the master key, making it first if there is none.</summary>
    public void EnsureMasterKey() => _ = Master();

    /// <summary>The secret of <paramref name="cell"/>.</summary>
    public byte[] SecretFor(string cell) => CellSecrets.DeriveCellSecret(Master(), cell);

    /// <summary>The secret of <paramref name="cell"/> as a cell is configured with it (<c>Cellular:Cell:Auth:Secret</c>).</summary>
    public string EncodedSecretFor(string cell) => CellSecrets.Encode(SecretFor(cell));

    /// <summary>The key routers sign tenant assertions for <paramref name="cell"/> with in <paramref name="generation"/>.</summary>
    public byte[] AssertionKeyFor(string cell, long generation) => CellSecrets.DeriveAssertionKey(SecretFor(cell), generation);

    /// <summary>
    /// A fresh <c>Authorization: Bearer</c> value for one call to <paramref name="cell"/>'s
    /// <c>/_cell/*</c> endpoints: <paramref name="method"/> on <paramref name="path"/> (decoded, no query).
    /// </summary>
    public string ControlCredentialFor(string cell, string method, string path) =>
        ControlCredential.Create(
            CellSecrets.DeriveControlKey(SecretFor(cell)),
            cell,
            method,
            path,
            time.GetUtcNow() + CredentialLifetime,
            RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 16));

    private byte[] Master()
    {
        if (Volatile.Read(ref _master) is { } master)
        {
            return master;
        }

        lock (_lock)
        {
            if (_master is null)
            {
                var file = MasterKeyFile;
                if (!File.Exists(file))
                {
                    SecretFiles.Write(file, CellSecrets.Encode(RandomNumberGenerator.GetBytes(CellSecrets.KeySize)) + "\n");
                    Log.MasterKeyCreated(logger, file);
                }

                if (!CellSecrets.TryDecode(File.ReadAllText(file), out var key))
                {
                    throw new InvalidOperationException($"The master key file {file} does not hold a base64url key of at least 16 bytes.");
                }

                Volatile.Write(ref _master, key);
            }

            return _master!;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.MasterKeyCreated, LogLevel.Information, "Made the master key {file}")]
        public static partial void MasterKeyCreated(ILogger logger, string file);
    }
}
