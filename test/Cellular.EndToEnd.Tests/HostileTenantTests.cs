using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Cellular.Core;
using Cellular.Core.Json;
using Cellular.Core.Security;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests;

/// <summary>
/// A hostile tenant cannot hurt its cell-mates: oversized bodies are its own 413s, not the cell's
/// 500s that open the router's circuit for everyone there; and a flood of distinct unknown tenant
/// ids does not make a cell's memory grow.
/// </summary>
public sealed class HostileTenantTests
{
    /// <summary>Twice the body limit the Notes cells set (1 MiB, <c>Cellular:Cell:MaxRequestBodySize</c>).</summary>
    private const int OversizedBytes = 2 * 1024 * 1024;

    [Fact]
    public async Task OversizedBodies_413ForTheSender_CellMatesKeepFullSuccess()
    {
        await using var stack = await Stack.StartAsync(cells: 2);
        var mates = await stack.CreateTenantsAsync(4, "mate", cell: "c1");
        var hostile = (await stack.CreateTenantsAsync(1, "hostile", cell: "c1")).Single();
        var body = new string('x', OversizedBytes);

        await using var load = new TrafficLoad(stack.Router, mates);
        await Stack.EventuallyAsync(() => Task.FromResult(mates.All(m => load.ByTenant[m.Id].Ok > 0)), TimeSpan.FromSeconds(15), "traffic to every cell-mate");
        var statuses = new List<int>();
        for (var round = 0; round < 5; round++)
        {
            var attempts = Enumerable.Range(0, 4).Select(async n =>
            {
                using var request = Stack.ForTenant(HttpMethod.Post, "/notes", hostile.Id);
                request.Content = new StringContent($"{{\"text\":\"{body}\"}}", System.Text.Encoding.UTF8, "application/json");
                // Half of them let the cell refuse on Content-Length before the body is sent, as a
                // well-behaved client would; the others push the whole body regardless.
                request.Headers.ExpectContinue = n % 2 == 0;
                try
                {
                    using var response = await stack.Router.SendAsync(request);
                    return (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    // The server may close the connection while the client still sends the body.
                    return 0;
                }
            });
            statuses.AddRange(await Task.WhenAll(attempts));
        }

        // Keep the cell-mates' traffic going a little after the burst, where an opened circuit would show.
        var mark = load.Mark();
        await Stack.EventuallyAsync(
            () => Task.FromResult(mates.All(m => load.ByTenant[m.Id].Ok > mark[m.Id].Ok + 20)),
            TimeSpan.FromSeconds(30),
            "more traffic to every cell-mate after the burst");
        await load.DisposeAsync();

        // Containment first: the cell-mates never noticed.
        foreach (var mate in mates)
        {
            var outcome = load.ByTenant[mate.Id];
            Assert.True(outcome.Failed == 0, $"cell-mate {mate.Id} saw {outcome.Failed} failures ({string.Join(",", outcome.FailureStatuses)})");
        }

        // Then the sender: its own 4xx (0 = the connection closed under a body pushed regardless), never a 5xx.
        Assert.Contains(413, statuses);
        Assert.All(statuses, s => Assert.True(s is 413 or 0, $"an oversized body got {s}, not 413 (all: {string.Join(",", statuses)})"));

        using var healthy = await stack.WriteNoteAsync(hostile.Id, "a normal note");
        Assert.Equal(HttpStatusCode.Created, healthy.StatusCode);
    }

    [Fact]
    public async Task DistinctUnknownTenants_100000SignedRequestsToACell_MemoryStaysFlat()
    {
        const int warmUp = 5_000;
        const int flood = 100_000;
        const long bound = 48L * 1024 * 1024;
        await using var stack = await Stack.StartAsync(cells: 1);
        var cell = (await stack.Local.GetCellProcessesAsync()).Single();
        var keys = (await stack.Api.GetFromJsonAsync("/api/v1/auth/assertion-keys", CellularJsonContext.Default.AssertionKeySet))!;
        Assert.True(CellSecrets.TryDecode(keys.Cells.Single(c => c.Cell == cell.CellId).Key, out var key));
        using var client = new HttpClient { BaseAddress = cell.Endpoint, Timeout = TimeSpan.FromSeconds(30) };

        await SendUnknownTenantsAsync(client, key, keys.Generation, cell.CellId, "warm", warmUp);
        var before = ProcessMemory.ResidentBytes(cell.ProcessId);
        var statuses = await SendUnknownTenantsAsync(client, key, keys.Generation, cell.CellId, "ghost", flood);
        var after = ProcessMemory.ResidentBytes(cell.ProcessId);

        Assert.DoesNotContain(statuses.Keys, s => s >= 500);
        Assert.DoesNotContain(401, statuses.Keys);
        Assert.True(
            after - before < bound,
            $"the cell grew by {(after - before) / 1024 / 1024} MB ({before / 1024 / 1024} → {after / 1024 / 1024} MB) for {flood} unknown tenants; statuses {string.Join(", ", statuses.Select(p => $"{p.Key}×{p.Value}"))}");
    }

    /// <summary>GET /notes for <paramref name="count"/> distinct tenant ids, each with a valid assertion, 16 at a time; the statuses counted.</summary>
    private static async Task<Dictionary<int, int>> SendUnknownTenantsAsync(HttpClient client, byte[] key, long generation, string cell, string prefix, int count)
    {
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var next = -1;
        var workers = Enumerable.Range(0, 16).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var tenant = $"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}";
                using var request = new HttpRequestMessage(HttpMethod.Get, "/notes");
                request.Headers.TryAddWithoutValidation(CellularHeaders.TenantId, tenant);
                request.Headers.TryAddWithoutValidation(CellularHeaders.TenantEpoch, "1");
                request.Headers.TryAddWithoutValidation(
                    CellularHeaders.TenantAssertion,
                    TenantAssertion.Create(key, generation, cell, tenant, 1, TimeProvider.System.GetUtcNow().AddSeconds(60), i.ToString("x16", CultureInfo.InvariantCulture)));
                using var response = await client.SendAsync(request);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }
        });
        await Task.WhenAll(workers);
        return new Dictionary<int, int>(statuses);
    }
}
