using System.CommandLine;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;

namespace Cellular.Cli.Commands;

/// <summary><c>cellctl audit [--limit N] [--actor A] [--action X] [--before ID] [--all] [--json]</c>: the append-only audit log, newest first.</summary>
internal static class AuditCommand
{
    private const int DefaultLimit = 50;
    private const int AllPageSize = 500;

    public static Command Create(ApiCommandRunner runner)
    {
        var limit = CommonOptions.IntOption("--limit", $"Entries per page (default {DefaultLimit}; {AllPageSize} with --all).", minimum: 1, maximum: 1000);
        var actor = new Option<string>("--actor") { Description = "Only entries by this principal (key name or token subject; 'anonymous' for refused callers).", HelpName = "name" };
        var action = new Option<string>("--action") { Description = "Only entries of this action, e.g. tenant.create or auth.denied.", HelpName = "action" };
        var before = new Option<string>("--before") { Description = "Start below this entry id (the 'next page' a previous page printed).", HelpName = "id" };
        var all = new Option<bool>("--all") { Description = "Every matching entry, following the pages to the first one." };
        var json = CommonOptions.Json();
        var command = new Command("audit", "Show who did what, newest first: every change and every refused attempt.")
        {
            limit, actor, action, before, all, json,
        };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var everything = parseResult.GetValue(all);
                var pageSize = parseResult.GetValue(limit) ?? (everything ? AllPageSize : DefaultLimit);
                var actorFilter = parseResult.GetValue(actor);
                var actionFilter = parseResult.GetValue(action);
                var page = await client.ListAuditAsync(pageSize, parseResult.GetValue(before), actionFilter, actorFilter, ct);
                if (everything)
                {
                    var items = new List<AuditEntry>(page.Items);
                    var total = page.Total;
                    while (page.Next is { } next && page.Items.Count > 0)
                    {
                        page = await client.ListAuditAsync(pageSize, next, actionFilter, actorFilter, ct);
                        items.AddRange(page.Items);
                    }

                    page = new Page<AuditEntry>(items, null, total);
                }

                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, page);
                }
                else
                {
                    AuditRendering.WritePage(runner.Context.Out, page);
                }
            },
            cancellationToken));
        return command;
    }
}
