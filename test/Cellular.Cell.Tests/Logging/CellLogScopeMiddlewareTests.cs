using System.Net;
using Cellular.Cell.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Tests.Logging;

public sealed class CellLogScopeMiddlewareTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private TestCell? _cell;

    public async Task InitializeAsync() =>
        _cell = await TestCell.StartAsync(
            b =>
            {
                // Requests without a valid tenant reach the app only on a cell that trusts unsigned calls.
                b.Configuration["Cellular:Cell:Auth:AllowUnsigned"] = "true";
                b.Logging.AddProvider(_logs);
            },
            app =>
            {
                app.MapGet("/log", (ILogger<CellLogScopeMiddlewareTests> logger) => logger.LogInformation("handler ran"));
                app.MapGet("/boom", IResult () => throw new InvalidOperationException("boom"));
            },
            cellId: "c5");

    public async Task DisposeAsync() => await _cell!.DisposeAsync();

    [Fact]
    public async Task Request_WithTenant_LogsCarryCellAndTenant()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/log");
        request.Headers.Add("X-Tenant-Id", "t1");

        using var response = await _cell!.Client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var entry = Assert.Single(_logs.Entries, e => e.Message == "handler ran");
        Assert.Equal("c5", entry.ScopeValue("cell"));
        Assert.Equal("t1", entry.ScopeValue("tenant"));
    }

    [Fact]
    public async Task Request_WithoutTenant_LogsCarryCellOnly()
    {
        using var response = await _cell!.Client.GetAsync(new Uri("/log", UriKind.Relative));

        response.EnsureSuccessStatusCode();
        var entry = Assert.Single(_logs.Entries, e => e.Message == "handler ran");
        Assert.Equal("c5", entry.ScopeValue("cell"));
        Assert.False(entry.HasScope("tenant"));
    }

    [Fact]
    public async Task Request_InvalidTenant_TenantNotLogged()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/log");
        request.Headers.TryAddWithoutValidation("X-Tenant-Id", "bad tenant");

        using var response = await _cell!.Client.SendAsync(request);

        var entry = Assert.Single(_logs.Entries, e => e.Message == "handler ran");
        Assert.False(entry.HasScope("tenant"));
    }

    [Fact]
    public async Task Request_HandlerThrows_Returns500ProblemAndErrorLogCarriesCell()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/boom");
        request.Headers.Add("X-Tenant-Id", "t2");

        using var response = await _cell!.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        var error = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("c5", error.ScopeValue("cell"));
        Assert.Equal("t2", error.ScopeValue("tenant"));
    }

    [Fact]
    public void Startup_AnnouncesCellInItsScope()
    {
        var entry = Assert.Single(_logs.Entries, e => e.Message.StartsWith("Cell c5 version", StringComparison.Ordinal));
        Assert.Equal("c5", entry.ScopeValue("cell"));
    }
}
