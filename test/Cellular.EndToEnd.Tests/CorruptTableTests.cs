using System.Net;
using System.Text;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests;

/// <summary>A corrupt on-disk routing table is refused, reported, kept aside, and replaced by a good one.</summary>
public sealed class CorruptTableTests : IAsyncLifetime
{
    private Stack _stack = null!;

    public async Task InitializeAsync() => _stack = await Stack.StartAsync(cells: 2);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Router_CorruptTableFile_RefusedAndReplacedFromControlPlane()
    {
        var tenant = (await _stack.CreateTenantsAsync(1, "corrupt")).Single();
        var version = await _stack.Local.WaitReadyAsync();
        await _stack.WaitForRouterTableOnDiskAsync();
        await _stack.Local.Router.StopGracefullyAsync(TimeSpan.FromSeconds(10));

        // Flip the tenant id inside the file: still valid JSON, but the checksum no longer matches.
        var text = await File.ReadAllTextAsync(_stack.TableFile);
        await File.WriteAllTextAsync(_stack.TableFile, text.Replace(tenant.Id, tenant.Id.ToUpperInvariant()), Encoding.UTF8);

        await _stack.Local.StartRouterAsync();

        var health = await _stack.RouterHealthAsync();
        Assert.Contains("corrupt", health.GetProperty("lastError").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(Directory.GetFiles(Path.GetDirectoryName(_stack.TableFile)!, "*.corrupt-*"));
        Assert.Equal(version, await _stack.Local.WaitReadyAsync());
        using var response = await _stack.ReadNotesAsync(tenant.Id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Router_CorruptTableFileAndControlPlaneDown_ServesNothingAndSaysWhy()
    {
        var tenant = (await _stack.CreateTenantsAsync(1, "garbage")).Single();
        await _stack.Local.Router.StopGracefullyAsync(TimeSpan.FromSeconds(10));
        _stack.Local.ControlPlane.Kill();
        await _stack.Local.ControlPlane.WaitForExitAsync();
        await File.WriteAllTextAsync(_stack.TableFile, "{\"format\":\"cellular.routing-table-file/v1\",\"sha256\":\"00\",\"table\":{\"tru");

        await _stack.Local.StartRouterAsync();

        var health = await _stack.RouterHealthAsync();
        Assert.Equal(0, health.GetProperty("tableVersion").GetInt64());
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(health.GetProperty("lastError").GetString()));
        using var response = await _stack.ReadNotesAsync(tenant.Id);
        Stack.AssertProblem(response, HttpStatusCode.ServiceUnavailable);

        // The control plane comes back: the router fetches a good table and serves again.
        await _stack.Local.StartControlPlaneAsync();
        await _stack.Local.WaitReadyAsync();
        using var after = await _stack.ReadNotesAsync(tenant.Id);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
