using Microsoft.Extensions.Options;

namespace Cellular.Cell.Internal;

/// <summary>Checks <see cref="CellTlsOptions"/> at start-up: files that are named must exist, and come in the right pairs.</summary>
internal sealed class CellTlsOptionsValidator : IValidateOptions<CellTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, CellTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = CellTlsOptions.SectionName;
        var hasCertificate = !string.IsNullOrWhiteSpace(options.CertificateFile);

        if (hasCertificate != !string.IsNullOrWhiteSpace(options.KeyFile))
        {
            failures.Add($"{section}:CertificateFile and {section}:KeyFile go together: set both (PEM files of the server certificate and its key) or neither.");
        }

        if (!hasCertificate && !string.IsNullOrWhiteSpace(options.ClientCaFile))
        {
            failures.Add($"{section}:ClientCaFile needs {section}:CertificateFile and {section}:KeyFile: client certificates are asked for only over TLS.");
        }

        foreach (var (key, path) in new[] { ("CertificateFile", options.CertificateFile), ("KeyFile", options.KeyFile), ("ClientCaFile", options.ClientCaFile) })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            {
                failures.Add($"{section}:{key} names '{path}', which does not exist.");
            }
        }

        if (options.ReloadCheckInterval < TimeSpan.Zero)
        {
            failures.Add($"{section}:ReloadCheckInterval must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
