using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Json;
using Cellular.Testing;
using Microsoft.Data.Sqlite;

namespace Cellular.ControlPlane.Tests.Auth;

public sealed class AuditLogTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-audit-log");
    private readonly ControlPlaneApp _app;

    public AuditLogTests() => _app = new ControlPlaneApp(_root.Path);

    public void Dispose()
    {
        _app.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task Audit_Pages_WithBeforeNextAndTotal()
    {
        using var admin = _app.Client();
        for (var i = 0; i < 5; i++)
        {
            (await admin.PostJsonAsync("/api/v1/auth/keys", $$"""{"name":"k{{i}}","role":"ReadOnly"}""")).Dispose();
        }

        var first = (await admin.GetFromJsonAsync("/api/v1/audit?limit=2&action=auth.key.create&actor=admin", CellularJsonContext.Default.PageAuditEntry))!;
        var second = (await admin.GetFromJsonAsync($"/api/v1/audit?limit=2&action=auth.key.create&actor=admin&before={first.Next}", CellularJsonContext.Default.PageAuditEntry))!;
        var third = (await admin.GetFromJsonAsync($"/api/v1/audit?limit=2&action=auth.key.create&actor=admin&before={second.Next}", CellularJsonContext.Default.PageAuditEntry))!;

        Assert.Equal((5, 5, 5), (first.Total, second.Total, third.Total));
        Assert.Equal(["key/k4", "key/k3"], first.Items.Select(e => e.Target));
        Assert.Equal(["key/k2", "key/k1"], second.Items.Select(e => e.Target));
        Assert.Equal(["key/k0"], third.Items.Select(e => e.Target));
        Assert.Null(third.Next);
    }

    [Fact]
    public async Task Audit_FilterByActor_ListsOnlyThatActor()
    {
        using var admin = _app.Client();
        (await admin.PostJsonAsync("/api/v1/auth/keys", """{"name":"k","role":"ReadOnly"}""")).Dispose();

        var page = (await admin.GetFromJsonAsync("/api/v1/audit?actor=control-plane", CellularJsonContext.Default.PageAuditEntry))!;

        Assert.Equal(("control-plane", "auth.key.create", "key/admin"), (page.Items[0].Actor, page.Items[0].Action, page.Items[0].Target));
        Assert.All(page.Items, e => Assert.Equal("control-plane", e.Actor));
    }

    [Theory]
    [InlineData("UPDATE audit SET actor = 'nobody';")]
    [InlineData("DELETE FROM audit;")]
    public async Task AuditTable_RefusesUpdateAndDelete(string sql)
    {
        _app.Client().Dispose();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_root.Path, "control-plane", "cellular.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;

        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_BadBefore_Returns400()
    {
        using var admin = _app.Client();

        using var response = await admin.GetAsync("/api/v1/audit?before=x");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
