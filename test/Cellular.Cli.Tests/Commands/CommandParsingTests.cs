using Cellular.Cli.Tests.Infrastructure;

namespace Cellular.Cli.Tests.Commands;

public sealed class CommandParsingTests
{
    [Fact]
    public async Task CellsCreate_WithoutId_FailsWithUsageHint()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "create");

        Assert.Equal(1, code);
        Assert.Contains("Required argument missing", cli.Error, StringComparison.Ordinal);
        Assert.Contains("cellctl cells create --help", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CellsCreate_UpperCaseId_RejectedWithIdsMessage()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "create", "Cell-1");

        Assert.Equal(1, code);
        Assert.Contains("The cell id 'Cell-1' contains a character that is not allowed", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantsCreate_InvalidTenantAndCell_BothReported()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("tenants", "create", "a/b", "--cell", "C1");

        Assert.Equal(1, code);
        Assert.Contains("The tenant id 'a/b'", cli.Error, StringComparison.Ordinal);
        Assert.Contains("The cell id 'C1'", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantsCreate_UpperCaseTenantId_Accepted()
    {
        // Tenant ids may use upper case, cell ids may not: this one fails only because nothing listens.
        var cli = new CliHarness();

        var code = await cli.RunAsync("tenants", "create", "Acme", "--api", $"http://127.0.0.1:{FreePort.Get()}");

        Assert.Equal(1, code);
        Assert.Contains("cannot reach the control plane", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CellsCreate_StaticWithoutEndpoint_Rejected()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "create", "s1", "--provider", "static");

        Assert.Equal(1, code);
        Assert.Contains("needs --endpoint", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CellsCreate_UnknownProvider_Rejected()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "create", "c1", "--provider", "kubernetes");

        Assert.Equal(1, code);
        Assert.Contains("kubernetes", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cells_WithoutSubcommand_Fails()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells");

        Assert.Equal(1, code);
        Assert.Contains("Required command was not provided", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_NotAUrl_Rejected()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "list", "--api", "localhost:5081");

        Assert.Equal(1, code);
        Assert.Contains("is not an http:// or https:// URL", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_InvalidEnvironmentVariable_Rejected()
    {
        var cli = new CliHarness(new Dictionary<string, string> { ["CELLULAR_API"] = "nope" });

        var code = await cli.RunAsync("status");

        Assert.Equal(1, code);
        Assert.Contains("$CELLULAR_API: 'nope'", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantsList_ZeroLimit_Rejected()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("tenants", "list", "--limit", "0");

        Assert.Equal(1, code);
        Assert.Contains("--limit must be between 1 and 10000", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_PortOutOfRange_Rejected()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("up", "--router-port", "70000");

        Assert.Equal(1, code);
        Assert.Contains("--router-port must be between 1 and 65535", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Root_ListsCommandGroups()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var command in new[] { "up", "status", "cells", "tenants", "table", "migrations", "rebalance", "chaos" })
        {
            Assert.Contains(command, cli.Out, StringComparison.Ordinal);
        }
    }
}
