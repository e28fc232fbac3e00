using System.CommandLine;
using Cellular.Cli.Api;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary><c>cellctl tenants list|show|create|pin|unpin|move</c>.</summary>
internal static class TenantsCommand
{
    public static Command Create(ApiCommandRunner runner)
    {
        var command = new Command("tenants", "List, place, pin and move tenants.");
        command.Subcommands.Add(List(runner));
        command.Subcommands.Add(Show(runner));
        command.Subcommands.Add(CreateTenant(runner));
        command.Subcommands.Add(Pinning(runner, "pin", "Fix the tenant to its current cell (routed by rule pin).", (c, id, ct) => c.PinTenantAsync(id, ct), "pinned to"));
        command.Subcommands.Add(Pinning(runner, "unpin", "Let the tenant be routed by its assignment again.", (c, id, ct) => c.UnpinTenantAsync(id, ct), "no longer pinned; it stays in"));
        command.Subcommands.Add(MigrationsCommand.Move(runner));
        return command;
    }

    private static Command List(ApiCommandRunner runner)
    {
        var limit = CommonOptions.IntOption("--limit", "Tenants per page (default: the control plane's, 100).", minimum: 1, maximum: 10_000);
        var after = new Option<string>("--after") { Description = "Start after this tenant id (the 'next' of the previous page).", HelpName = "tenant" };
        var all = new Option<bool>("--all") { Description = "Fetch every page." };
        var json = CommonOptions.Json();
        var command = new Command("list", "List tenants ordered by id, one page at a time.") { limit, after, all, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var page = parseResult.GetValue(all)
                    ? await ListAllAsync(client, parseResult.GetValue(limit), ct)
                    : await client.ListTenantsAsync(parseResult.GetValue(limit), parseResult.GetValue(after), ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, page);
                }
                else
                {
                    TenantRendering.WritePage(runner.Context.Out, page);
                }
            },
            cancellationToken));
        return command;
    }

    private static Command Show(ApiCommandRunner runner)
    {
        var id = CommonOptions.TenantId("The tenant to show.");
        var json = CommonOptions.Json();
        var command = new Command("show", "Show one tenant: its cell, weight, pin and epoch.") { id, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) => WriteTenant(runner, parseResult.GetValue(json), await client.GetTenantAsync(parseResult.GetRequiredValue(id), ct)),
            cancellationToken));
        return command;
    }

    private static Command CreateTenant(ApiCommandRunner runner)
    {
        var id = CommonOptions.TenantId("Id of the new tenant: letters, digits, '.', '_' and '-'.");
        var cell = CommonOptions.CellOption("--cell", "Place the tenant in this cell instead of letting placement choose.");
        var weight = CommonOptions.IntOption("--weight", "Weight units the tenant uses (default 1).", minimum: 1);
        var region = new Option<string>("--region") { Description = "Only place the tenant in a cell of this region." };
        var json = CommonOptions.Json();
        var command = new Command("create", "Create a tenant and place it in a cell.") { id, cell, weight, region, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new CreateTenantRequest(parseResult.GetRequiredValue(id), parseResult.GetValue(cell), parseResult.GetValue(weight), parseResult.GetValue(region));
                var tenant = await client.CreateTenantAsync(request, ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, tenant);
                    return;
                }

                runner.Context.Out.MarkupLine($"[green]Created[/] tenant [bold]{Markup.Escape(tenant.Id)}[/] in cell [bold]{Markup.Escape(tenant.Cell)}[/].");
            },
            cancellationToken));
        return command;
    }

    private static Command Pinning(
        ApiCommandRunner runner, string name, string description, Func<ControlPlaneClient, string, CancellationToken, Task<TenantView>> change, string verb)
    {
        var id = CommonOptions.TenantId("The tenant.");
        var json = CommonOptions.Json();
        var command = new Command(name, description) { id, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var tenant = await change(client, parseResult.GetRequiredValue(id), ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, tenant);
                    return;
                }

                runner.Context.Out.MarkupLine($"Tenant [bold]{Markup.Escape(tenant.Id)}[/] is {verb} cell [bold]{Markup.Escape(tenant.Cell)}[/].");
            },
            cancellationToken));
        return command;
    }

    private static async Task<Page<TenantView>> ListAllAsync(ControlPlaneClient client, int? pageSize, CancellationToken cancellationToken)
    {
        var tenants = new List<TenantView>();
        await foreach (var tenant in client.ListAllTenantsAsync(pageSize ?? 500, cancellationToken))
        {
            tenants.Add(tenant);
        }

        return new Page<TenantView>(tenants, null, tenants.Count);
    }

    private static void WriteTenant(ApiCommandRunner runner, bool asJson, TenantView tenant)
    {
        if (asJson)
        {
            JsonOutput.Write(runner.Context.RawOut, tenant);
        }
        else
        {
            TenantRendering.WriteDetails(runner.Context.Out, tenant);
        }
    }
}
