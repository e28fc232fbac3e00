using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Security;

/// <summary>
/// Makes every HTTPS endpoint of Kestrel use the cell's certificate (picked per connection, so a
/// rotated file is served without a restart) and, with a client CA, require and check client certificates.
/// </summary>
internal sealed class CellTlsKestrelSetup(CellCertificates certificates) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        if (!certificates.IsEnabled)
        {
            return;
        }

        // Read the files now, so a certificate that cannot be loaded stops the start, not the first caller.
        _ = certificates.ServerCertificate;
        options.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificateSelector = (_, _) => certificates.ServerCertificate;
            if (certificates.RequiresClientCertificate)
            {
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => certificates.IsTrustedClient(certificate);
            }
        });
    }
}
