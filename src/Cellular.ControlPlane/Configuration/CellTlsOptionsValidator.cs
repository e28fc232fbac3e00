using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Configuration;

/// <summary>Refuses cell TLS settings that cannot work (half a pair, missing or unreadable files), with a message naming the key.</summary>
internal sealed class CellTlsOptionsValidator : IValidateOptions<CellTlsOptions>
{
    private const string Section = CellTlsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CellTlsOptions options)
    {
        var failures = new List<string>();
        if (options.ClientCertificateFile is not null != options.ClientKeyFile is not null)
        {
            failures.Add($"{Section}:ClientCertificateFile and {Section}:ClientKeyFile go together; set both or neither.");
        }

        foreach (var (key, file) in new[] { ("ClientCertificateFile", options.ClientCertificateFile), ("ClientKeyFile", options.ClientKeyFile), ("CaCertificateFile", options.CaCertificateFile) })
        {
            if (file is not null && (file.Trim().Length == 0 || !File.Exists(file)))
            {
                failures.Add($"{Section}:{key} '{file}' does not exist.");
            }
        }

        if (failures.Count == 0)
        {
            Load(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Load(CellTlsOptions options, List<string> failures)
    {
        if (options.ClientCertificateFile is { } certificate)
        {
            try
            {
                using var pair = X509Certificate2.CreateFromPemFile(certificate, options.ClientKeyFile);
                if (!pair.HasPrivateKey)
                {
                    failures.Add($"{Section}:ClientKeyFile is not the private key of {Section}:ClientCertificateFile.");
                }
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                failures.Add($"{Section}:ClientCertificateFile/ClientKeyFile cannot be used as a PEM certificate and key: {e.Message}");
            }
        }

        if (options.CaCertificateFile is { } ca)
        {
            try
            {
                var roots = new X509Certificate2Collection();
                roots.ImportFromPemFile(ca);
                if (roots.Count == 0)
                {
                    failures.Add($"{Section}:CaCertificateFile '{ca}' holds no PEM certificate.");
                }

                foreach (var root in roots)
                {
                    root.Dispose();
                }
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                failures.Add($"{Section}:CaCertificateFile '{ca}' cannot be read as PEM certificates: {e.Message}");
            }
        }
    }
}
