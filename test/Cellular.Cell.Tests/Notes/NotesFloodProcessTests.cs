using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core;
using Cellular.Core.Json;

namespace Cellular.Cell.Tests.Notes;

/// <summary>A real Notes process under a flood of distinct unknown tenant ids: its memory stays flat.</summary>
[Collection(SerialCollection.Name)]
public sealed class NotesFloodProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HundredThousandUnknownTenants_ResidentMemoryStaysFlat()
    {
        using var dataDir = new TempDirectory();
        var port = NotesProcess.FreePort();
        using var notes = NotesProcess.StartWith(
            new Dictionary<string, string?> { [NotesProcess.SecretVariable] = CellSigner.Secret, ["DOTNET_gcServer"] = "0" },
            "--urls", $"http://127.0.0.1:{port}",
            "--Cellular:Cell:Id=flood",
            "--Cellular:Cell:TenantState:OwnershipCacheSize=1000",
            $"--Cellular:Cell:DataDir={dataDir.Path}");
        using var client = NotesProcess.SignedClient(port, "flood");
        await WaitForHealthAsync(client, notes);

        await FloodAsync(port, 0, 20_000);
        var before = ResidentKiB(notes.Id);
        await FloodAsync(port, 20_000, 100_000);
        var after = ResidentKiB(notes.Id);

        // Measured: under 1 MiB here; with an unbounded ownership cache alone it is about 18 MiB.
        Assert.True(after - before < 10 * 1024, $"Resident memory grew from {before} KiB to {after} KiB over 80,000 new tenant ids.");
    }

    private static async Task FloodAsync(int port, int from, int to)
    {
        const int Workers = 8;
        var signer = new CellSigner("flood");
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Workers };
        using var raw = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var next = from - 1;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < to)
            {
                var tenant = "unknown-" + i.ToString(CultureInfo.InvariantCulture);
                using var request = new HttpRequestMessage(HttpMethod.Get, "/notes?limit=1");
                request.Headers.Add(CellularHeaders.TenantId, tenant);
                request.Headers.Add(CellularHeaders.TenantEpoch, "0");
                request.Headers.Add(CellularHeaders.TenantAssertion, signer.Assertion(tenant, 0));
                using var response = await raw.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }));
    }

    private static long ResidentKiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static async Task WaitForHealthAsync(HttpClient client, NotesProcess notes)
    {
        var deadline = TimeProvider.System.GetUtcNow() + StartTimeout;
        while (true)
        {
            try
            {
                await client.GetFromJsonAsync(new Uri("/_cell/health", UriKind.Relative), CellularJsonContext.Default.CellHealth);
                return;
            }
            catch (HttpRequestException) when (TimeProvider.System.GetUtcNow() < deadline)
            {
                // Not listening yet: a real process takes a moment to start.
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }
}
