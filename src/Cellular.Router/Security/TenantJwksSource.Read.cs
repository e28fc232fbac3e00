using Microsoft.IdentityModel.Tokens;

namespace Cellular.Router.Security;

// Reading the key set: from the URL or the file, never more than MaxJwksBytes, and only its
// asymmetric keys.
internal sealed partial class TenantJwksSource
{
    private static int RemoveSymmetricKeys(JsonWebKeySet set)
    {
        var removed = 0;
        for (var i = set.Keys.Count - 1; i >= 0; i--)
        {
            var kty = set.Keys[i].Kty;
            if (kty is not (JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve))
            {
                set.Keys.RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    private async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        if (_file is not null)
        {
            var info = new FileInfo(_file);
            if (!info.Exists)
            {
                throw new IOException($"{_file} does not exist");
            }

            var stamp = (info.LastWriteTimeUtc, info.Length);
            if (stamp == _fileStamp && _lastJson is not null)
            {
                return string.Empty;
            }

            var text = await ReadFileAsync(_file, cancellationToken);
            _fileStamp = stamp;
            return text;
        }

        if (_options.JwksUrl is null)
        {
            throw new InvalidOperationException("neither JwksUrl nor JwksFile is set");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var client = _clients.CreateClient(HttpClientName);

        // Buffered by GetAsync: a Content-Length or a body over the limit fails the request (HttpRequestException).
        client.MaxResponseContentBufferSize = MaxJwksBytes;
        using var response = await client.GetAsync(_options.JwksUrl, linked.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {_options.JwksUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return await response.Content.ReadAsStringAsync(linked.Token);
    }

    /// <summary>Reads the key set file, refusing one over <see cref="MaxJwksBytes"/> (also if it grows while read).</summary>
    private static async Task<string> ReadFileAsync(string file, CancellationToken cancellationToken)
    {
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        await using (stream)
        {
            var buffer = new byte[(int)Math.Min(stream.Length, MaxJwksBytes) + 1];
            var read = 0;
            int count;
            while (read < buffer.Length && (count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            {
                read += count;
            }

            if (read > MaxJwksBytes)
            {
                throw new IOException($"{file} is larger than {MaxJwksBytes} bytes, the limit of a key set");
            }

            // Like File.ReadAllText: a UTF-8 byte order mark is not part of the JSON.
            var bom = buffer.AsSpan(0, read).StartsWith(System.Text.Encoding.UTF8.Preamble) ? 3 : 0;
            return System.Text.Encoding.UTF8.GetString(buffer, bom, read - bom);
        }
    }
}
