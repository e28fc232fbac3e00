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
            using var sized = await PostBigAsync(client, big, chunked: false);
            statuses.Add(sized.StatusCode);
            await AssertTooLargeAsync(sized);
            using var chunked = await PostBigAsync(client, big, chunked: true);
            statuses.Add(chunked.StatusCode);
            await AssertTooLargeAsync(chunked);
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

        var control = signer.ControlToken();
        var otherCell = signer.ControlToken(cell: "p6");
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

    private static async Task<HttpResponseMessage> PostBigAsync(HttpClient client, string body, bool chunked)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/notes")
        {
            Content = chunked ? new ChunkedContent(body) : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
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

    /// <summary>A JSON body sent without Content-Length, so the server learns its size only while reading.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly string _body;

        public ChunkedContent(string body)
        {
            _body = body;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(_body);
            for (var offset = 0; offset < bytes.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(64 * 1024, bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
