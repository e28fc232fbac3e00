using System.Net;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests;

/// <summary>
/// The deployment tests' bad release (test/Cellular.Testing.BadRelease) does what they rely on:
/// run as a cell it is healthy and serves Notes, yet fails the configured share of tenant requests.
/// </summary>
public sealed class BadReleaseProgramTests
{
    [Fact]
    public async Task BadRelease_AsCellProgram_HealthyButFailsHalfOfTenantRequestsWithProblemJson()
    {
        await using var stack = await Stack.StartAsync(cells: 1, controlPlaneArguments: [$"--Cellular:Process:CellCommand={Releases.BadRelease}"]);
        var tenant = (await stack.CreateTenantsAsync(1, "bad")).Single();
        using (var health = await (await stack.CellControlClientAsync("c1")).GetAsync("/_cell/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var read = await stack.ReadNotesAsync(tenant.Id);
            statuses.Add(read.StatusCode);
            if (read.StatusCode != HttpStatusCode.OK)
            {
                Stack.AssertProblem(read, HttpStatusCode.InternalServerError);
            }
        }

        // A counter, not a coin: exactly every second request fails.
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.InternalServerError));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
    }
}
