using System.Net.Sockets;
using System.Text;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>
/// Sends a request line exactly as written over a plain socket: HttpClient and Uri would
/// normalize the very paths (dot segments, percent encodings) the tests want to send.
/// </summary>
internal static class RawHttp
{
    /// <summary>Sends <c>{method} {target} HTTP/1.1</c> with <paramref name="headers"/>; returns the status and the raw response.</summary>
    public static async Task<(int Status, string Response)> SendAsync(string baseUrl, string method, string target, params string[] headers)
    {
        var uri = new Uri(baseUrl);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        var stream = client.GetStream();
        var text = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = await reader.ReadToEndAsync(cts.Token);
        var status = response.Length >= 12 ? int.Parse(response.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (status, response);
    }
}
