using Microsoft.Extensions.Options;

namespace Cellular.Router.Security;

/// <summary>
/// The router's credential for the control plane: <see cref="RouterOptions.ControlPlaneToken"/>,
/// or the content of <see cref="RouterOptions.ControlPlaneTokenFile"/>, read again whenever the
/// file's size or write time changes (so a rotated token is used without a restart). Only the
/// background calls to the control plane ask for it, never the request path.
/// </summary>
internal sealed class ControlPlaneCredential
{
    private readonly string? _token;
    private readonly string? _file;
    private readonly Lock _lock = new();
    private (DateTime WrittenAt, long Length) _fileStamp;
    private string? _fileToken;

    /// <summary>Creates the credential from the options.</summary>
    public ControlPlaneCredential(IOptions<RouterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _token = string.IsNullOrWhiteSpace(options.Value.ControlPlaneToken) ? null : options.Value.ControlPlaneToken.Trim();
        _file = string.IsNullOrWhiteSpace(options.Value.ControlPlaneTokenFile) ? null : Path.GetFullPath(options.Value.ControlPlaneTokenFile);
    }

    /// <summary>The token to send, or null when none is configured or the file cannot be read.</summary>
    public string? GetToken()
    {
        if (_token is not null || _file is null)
        {
            return _token;
        }

        lock (_lock)
        {
            try
            {
                var info = new FileInfo(_file);
                if (!info.Exists)
                {
                    return _fileToken;
                }

                var stamp = (info.LastWriteTimeUtc, info.Length);
                if (stamp != _fileStamp || _fileToken is null)
                {
                    var text = File.ReadAllText(_file).Trim();
                    _fileToken = text.Length == 0 ? null : text;
                    _fileStamp = stamp;
                }
            }
            catch (IOException)
            {
                // Being rewritten: keep the token read last.
            }
            catch (UnauthorizedAccessException)
            {
            }

            return _fileToken;
        }
    }
}
