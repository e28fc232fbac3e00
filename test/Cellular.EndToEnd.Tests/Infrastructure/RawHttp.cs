using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a bare socket, for request targets <see cref="HttpClient"/> would normalise
/// (<c>/a/../_cell</c>, <c>/./_cell</c>, <c>//_cell</c>) and send as typed.
/// </summary>
internal static class RawHttp
{
    /// <summary>One request on its own connection; the status and headers of the answer.</summary>
    public static async Task<RawResponse> SendAsync(
        Uri server, string method, string target, IReadOnlyDictionary<string, string>? headers = null, string? body = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
        await using var stream = client.GetStream();
        var payload = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var request = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: 127.0.0.1:{server.Port}\r\n")
            .Append("Connection: close\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {payload.Length}\r\n");
        if (body is not null)
        {
            request.Append("Content-Type: application/json\r\n");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        request.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        await stream.WriteAsync(payload);
        await stream.FlushAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(timeout.Token);
        var head = text.Split("\r\n\r\n", 2)[0].Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var responseHeaders = head.Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new RawResponse(status, responseHeaders, text);
    }
}

/// <summary>What <see cref="RawHttp"/> read back.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Text);
