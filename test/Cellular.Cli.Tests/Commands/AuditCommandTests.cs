using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Commands;

public sealed class AuditCommandTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Audit_Filters_PassedAsQueryAndPageHintPrinted()
    {
        _fake.RespondJson("GET", "/api/v1/audit", 200, new Page<AuditEntry>([Entry(9, "ci", "auth.denied")], "9", 3));
        var cli = new CliHarness();

        var code = await cli.RunAsync("audit", "--limit", "1", "--actor", "ci", "--action", "auth.denied", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Equal("?limit=1&action=auth.denied&actor=ci", Assert.Single(_fake.Requests).Query);
        Assert.Contains("auth.denied", cli.Out, StringComparison.Ordinal);
        Assert.Contains("\"status\":403", cli.Out, StringComparison.Ordinal);
        Assert.Contains("1 of 3 entries; next page: --before 9", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_All_FollowsNextAsBeforeUntilTheEnd()
    {
        _fake.RespondSequence(
            "GET",
            "/api/v1/audit",
            new Page<AuditEntry>([Entry(3, "admin", "tenant.create"), Entry(2, "admin", "cell.create")], "2", 3),
            new Page<AuditEntry>([Entry(1, "admin", "cell.create")], null, 3));
        var cli = new CliHarness();

        var code = await cli.RunAsync("audit", "--all", "--limit", "2", "--json", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Equal(["?limit=2", "?limit=2&before=2"], _fake.Requests.Select(r => r.Query));
        using var document = JsonDocument.Parse(cli.Out);
        Assert.Equal([3L, 2L, 1L], document.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        Assert.False(document.RootElement.TryGetProperty("next", out var next) && next.ValueKind != JsonValueKind.Null, "no next page after --all");
    }

    [Fact]
    public async Task Audit_Empty_SaysSo()
    {
        _fake.RespondJson("GET", "/api/v1/audit", 200, new Page<AuditEntry>([], null, 0));
        var cli = new CliHarness();

        var code = await cli.RunAsync("audit", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Equal("?limit=50", Assert.Single(_fake.Requests).Query);
        Assert.Contains("No audit entries match.", cli.Out, StringComparison.Ordinal);
    }

    private static AuditEntry Entry(long id, string actor, string action) =>
        new(id, Samples.Created, actor, action, "cells/c1", JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["status"] = 403 }));
}
