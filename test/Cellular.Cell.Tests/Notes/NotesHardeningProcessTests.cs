using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Security;

namespace Cellular.Cell.Tests.Notes;

/// <summary>Notes.dll as a real process on Kestrel: auth at start-up, oversized bodies, and what its console shows.</summary>
public sealed class NotesHardeningProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_NoSecretNorAllowUnsigned_ExitsWithCodeOneNamingBothKeys()
    {
        using var dataDir = new TempDirectory();
        using var notes = NotesProcess.StartWith(
            new Dictionary<string, string?>(),
            "--urls", $"http://127.0.0.1:{NotesProcess.FreePort()}",
            "--Cellular:Cell:Id=p3",
            $"--Cellular:Cell:DataDir={dataDir.Path}");

        var exited = await notes.WaitForExitAsync(StartTimeout);

        Assert.True(exited, $"Notes kept running without a secret. Output:\n{notes.Output}");
        Assert.Equal(1, notes.ExitCode);
        Assert.Contains("Notes cannot start: ", notes.Output, StringComparison.Ordinal);
        Assert.Contains("Cellular:Cell:Auth:Secret", notes.Output, StringComparison.Ordinal);
        Assert.Contains("Cellular:Cell:Auth:AllowUnsigned", notes.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedBodies_Return413ProblemAndCellMatesKeepFullSuccess()
    {
        using var dataDir = new TempDirectory();
        var port = NotesProcess.FreePort();
        using var notes = NotesProcess.Start(
            "--urls", $"http://127.0.0.1:{port}",
            "--Cellular:Cell:Id=p4",
            $"--Cellular:Cell:DataDir={dataDir.Path}");
        using var client = NotesProcess.SignedClient(port, "p4");
        await WaitForHealthAsync(client, notes);
        var big = "{\"text\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";

        var mates = Enumerable.Range(0, 4).Select(i => PostNotesAsync(client, $"mate{i}", 25)).ToList();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var sized = await PostBigAsync(client, big);
            statuses.Add(sized.StatusCode);
            await AssertTooLargeAsync(sized);
            var chunked = await PostChunkedAsync(port, "p4", "noisy");
            statuses.Add(chunked.Status);
            Assert.Contains("application/problem+json", chunked.Head, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("\"status\":413", chunked.Body, StringComparison.Ordinal);
            Assert.Contains("1048576", chunked.Body, StringComparison.Ordinal);
        }

        var mateStatuses = (await Task.WhenAll(mates)).SelectMany(s => s).ToList();
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.RequestEntityTooLarge, s));
        Assert.All(mateStatuses, s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.DoesNotContain("fail:", notes.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_DebugLogsOfAuthenticatedAndRefusedCalls_ShowNoSecretOrToken()
    {
        using var dataDir = new TempDirectory();
        var port = NotesProcess.FreePort();
        using var notes = NotesProcess.Start(
            "--urls", $"http://127.0.0.1:{port}",
            "--Cellular:Cell:Id=p5",
            $"--Cellular:Cell:DataDir={dataDir.Path}",
            "--Logging:LogLevel:Default=Trace",
            "--Logging:LogLevel:Microsoft.AspNetCore=Trace");
        using var client = NotesProcess.SignedClient(port, "p5");
        using var raw = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitForHealthAsync(client, notes);
        var signer = new CellSigner("p5");
        var tokens = new List<string>();

        Assert.Equal([HttpStatusCode.Created], await PostNotesAsync(client, "acme", 1));

        var assertion = signer.Assertion("acme", 0);
        tokens.Add(assertion);
        using var withUserToken = new HttpRequestMessage(HttpMethod.Get, "/notes");
        withUserToken.Headers.Add("X-Tenant-Id", "acme");
        withUserToken.Headers.Add("X-Tenant-Epoch", "0");
        withUserToken.Headers.Add("X-Cellular-Assertion", assertion);
        withUserToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "user-jwt-that-must-not-leak");
        tokens.Add("user-jwt-that-must-not-leak");
        using var served = await raw.SendAsync(withUserToken);

        var forged = signer.Assertion("acme", 0, cell: "p6");
        tokens.Add(forged);
        using var forgedRequest = new HttpRequestMessage(HttpMethod.Get, "/notes");
        forgedRequest.Headers.Add("X-Tenant-Id", "acme");
        forgedRequest.Headers.Add("X-Tenant-Epoch", "0");
        forgedRequest.Headers.Add("X-Cellular-Assertion", forged);
        using var refused = await raw.SendAsync(forgedRequest);

        var control = signer.ControlToken("GET", "/_cell/faults");
        var otherCell = signer.ControlToken("DELETE", "/_cell/tenants/acme", cell: "p6");
        tokens.AddRange([control, otherCell]);
        using var faults = new HttpRequestMessage(HttpMethod.Get, "/_cell/faults") { Headers = { Authorization = new("Bearer", control) } };
        using var faultsOk = await raw.SendAsync(faults);
        using var other = new HttpRequestMessage(HttpMethod.Delete, "/_cell/tenants/acme?force=true") { Headers = { Authorization = new("Bearer", otherCell) } };
        using var forbidden = await raw.SendAsync(other);
        notes.SendSigterm();
        await notes.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, faultsOk.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("Refused DELETE /_cell/tenants/acme", notes.Output, StringComparison.Ordinal);
        var output = notes.Output;
        Assert.DoesNotContain(CellSigner.Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(CellSecrets.Encode(CellSecrets.DeriveControlKey(CellSigner.SecretBytes)), output, StringComparison.Ordinal);
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(token, output, StringComparison.Ordinal);
            Assert.DoesNotContain(token[^20..], output, StringComparison.Ordinal);
        }
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1048576", problem.Detail, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostBigAsync(HttpClient client, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/notes")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Tenant-Id", "noisy");
        request.Headers.ExpectContinue = true;
        return await client.SendAsync(request);
    }

    private static async Task<List<HttpStatusCode>> PostNotesAsync(HttpClient client, string tenant, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/notes") { Content = JsonContent.Create(new { text = $"note {i}" }) };
            request.Headers.Add("X-Tenant-Id", tenant);
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    private static async Task<CellHealth> WaitForHealthAsync(HttpClient client, NotesProcess notes)
    {
        var deadline = TimeProvider.System.GetUtcNow() + StartTimeout;
        while (true)
        {
            try
            {
                return (await client.GetFromJsonAsync(new Uri("/_cell/health", UriKind.Relative), CellularJsonContext.Default.CellHealth))!;
            }
            catch (HttpRequestException) when (TimeProvider.System.GetUtcNow() < deadline)
            {
                // Not listening yet: a real process takes a moment to start.
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
            catch (HttpRequestException e)
            {
                throw new TimeoutException($"Notes did not become healthy in {StartTimeout}. Output:\n{notes.Output}", e);
            }
        }
    }

    /// <summary>
    /// Sends a note body without Content-Length, 64 KiB chunks, until the server answers (it learns
    /// the size only while reading), then reads the answer. A raw socket, because an HTTP client
    /// that keeps writing after the server's early answer and close sees a broken pipe instead.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Head, string Body)> PostChunkedAsync(int port, string cell, string tenant)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        var head = $"POST /notes HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            + $"X-Tenant-Id: {tenant}\r\nX-Tenant-Epoch: 0\r\nX-Cellular-Assertion: {new CellSigner(cell).Assertion(tenant, 0)}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        var chunk = System.Text.Encoding.ASCII.GetBytes("10000\r\n" + "{\"text\":\"" + new string('x', 0x10000 - 9) + "\r\n");
        var filler = System.Text.Encoding.ASCII.GetBytes("10000\r\n" + new string('x', 0x10000) + "\r\n");
        for (var sent = 0; sent < 64 && !tcp.Client.Poll(TimeSpan.FromMilliseconds(50), System.Net.Sockets.SelectMode.SelectRead); sent++)
        {
            await stream.WriteAsync(sent == 0 ? chunk : filler);
        }

        using var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer);
        }
        catch (IOException)
        {
            // The server closed after answering; what arrived before is the answer.
        }

        var text = System.Text.Encoding.UTF8.GetString(answer.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"No HTTP answer: '{text}'");
        var status = (HttpStatusCode)int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        return (status, text[..split], text[(split + 4)..]);
    }
}
