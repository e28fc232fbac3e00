using System.Net;
using Cellular.Cell.Security;
using Cellular.Cell.Tenancy;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.Cell.Tests.Security;

/// <summary>
/// After a new assertion key generation arrives, the one before it is accepted only for the grace
/// period; the highest generation survives a restart in the data directory.
/// </summary>
public sealed class AssertionGenerationGraceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly TempDirectory _dataDir = new();

    public void Dispose() => _dataDir.Dispose();

    [Fact]
    public async Task PreviousGeneration_AcceptedWithinTheGrace_RefusedAfter()
    {
        await using var cell = await StartAsync();

        var before = await SendAsync(cell, 1);
        var next = await SendAsync(cell, 2);
        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var withinGrace = await SendAsync(cell, 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterGrace = await SendAsync(cell, 1);
        var current = await SendAsync(cell, 2);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [before.StatusCode, next.StatusCode, withinGrace.StatusCode]);
        var problem = await ProblemAssert.IsProblemAsync(afterGrace, HttpStatusCode.Unauthorized);
        Assert.Contains("retired", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task Grace_IsConfigurable_AndCountsFromTheFirstSightOfTheNewGeneration()
    {
        await using var cell = await StartAsync(grace: "00:01:00");

        await SendAsync(cell, 1);
        await SendAsync(cell, 2);
        _time.Advance(TimeSpan.FromSeconds(50));
        var again = await SendAsync(cell, 2);
        _time.Advance(TimeSpan.FromSeconds(10));
        var previous = await SendAsync(cell, 1);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, previous.StatusCode);
    }

    [Fact]
    public async Task ZeroGrace_RefusesThePreviousGenerationAtOnce()
    {
        await using var cell = await StartAsync(grace: "00:00:00");

        await SendAsync(cell, 1);
        await SendAsync(cell, 2);
        var previous = await SendAsync(cell, 1);

        Assert.Equal(HttpStatusCode.Unauthorized, previous.StatusCode);
    }

    [Fact]
    public async Task RestartedCell_SameDataDir_RefusesOlderGenerationsAtOnce()
    {
        await using (var first = await StartAsync())
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(first, 2)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(first, 3)).StatusCode);
        }

        Assert.Equal("3", File.ReadAllText(Path.Combine(_dataDir.Path, AssertionGenerationFile.FileName)).Trim());
        await using var restarted = await StartAsync();

        var previous = await SendAsync(restarted, 2);
        var older = await SendAsync(restarted, 1);
        var current = await SendAsync(restarted, 3);
        var next = await SendAsync(restarted, 4);

        Assert.Contains("retired", (await ProblemAssert.IsProblemAsync(previous, HttpStatusCode.Unauthorized)).Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, older.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("4", File.ReadAllText(Path.Combine(_dataDir.Path, AssertionGenerationFile.FileName)).Trim());
        Assert.Empty(Directory.GetFiles(_dataDir.Path, "*.tmp"));
    }

    [Fact]
    public async Task TwoProcessesSameDataDir_LowerGenerationSeenLater_DoesNotOverwriteTheHigherOne()
    {
        // Blue/green: the old and the new process of one cell share its data directory for a while.
        await using var blue = await StartAsync();
        await using var green = await StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(green, 3)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(blue, 2)).StatusCode);

        Assert.Equal("3", File.ReadAllText(Path.Combine(_dataDir.Path, AssertionGenerationFile.FileName)).Trim());
        Assert.Empty(Directory.GetFiles(_dataDir.Path, "*.tmp"));
    }

    [Fact]
    public async Task ForgedHigherGeneration_IsNotRecorded()
    {
        await using var cell = await StartAsync();

        var forged = await SendAsync(cell, 9, secret: Enumerable.Repeat((byte)3, 32).ToArray());
        var genuine = await SendAsync(cell, 1);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal("1", File.ReadAllText(Path.Combine(_dataDir.Path, AssertionGenerationFile.FileName)).Trim());
    }

    [Fact]
    public async Task UnreadableGenerationFile_StartsFromNothing()
    {
        File.WriteAllText(Path.Combine(_dataDir.Path, AssertionGenerationFile.FileName), "not a number");
        await using var cell = await StartAsync();

        var first = await SendAsync(cell, 1);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, cell.App.Services.GetRequiredService<AssertionKeyRing>().Highest);
    }

    private Task<TestCell> StartAsync(string? grace = null) =>
        TestCell.StartAsync(
            b =>
            {
                b.Services.AddSingleton<TimeProvider>(_time);
                if (grace is not null)
                {
                    b.Configuration["Cellular:Cell:Auth:PreviousGenerationGrace"] = grace;
                }
            },
            app => app.MapGet("/work", (HttpContext context) => context.GetRequiredTenantId()).RequireTenant(),
            dataDir: _dataDir.Path);

    private static async Task<HttpResponseMessage> SendAsync(TestCell cell, long generation, byte[]? secret = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/work");
        request.Headers.Add(CellularHeaders.TenantId, "acme");
        request.Headers.Add(CellularHeaders.TenantEpoch, "0");
        request.Headers.TryAddWithoutValidation(CellularHeaders.TenantAssertion, cell.Signer.Assertion("acme", 0, generation: generation, secret: secret));
        using var raw = cell.CreateRawClient();
        var response = await raw.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
