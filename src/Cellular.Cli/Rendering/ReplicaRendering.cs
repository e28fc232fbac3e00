using Cellular.Cli.Api;
using Cellular.Cli.Local;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary><c>up</c>: where the truth lives, and who runs what when there are several control planes.</summary>
internal static class ReplicaRendering
{
    /// <summary>The store line, and with several replicas which one runs the process cells and what their death means.</summary>
    public static void WriteStore(IAnsiConsole console, LocalStack stack)
    {
        if (stack.Store == LocalStack.Postgres)
        {
            var where = stack.PostgresDirectory is { } directory
                ? $"PostgreSQL on 127.0.0.1:{stack.StorePort}, data in {directory}{(stack.PostgresRunsAs is { } user ? $", running as {user}" : string.Empty)}"
                : "PostgreSQL (--store-connection)";
            console.MarkupLine($"[grey]Store:[/]    {Markup.Escape(where)}; every replica serves the same API from it");
        }
        else
        {
            console.MarkupLine($"[grey]Store:[/]    SQLite in {Markup.Escape(Path.Combine(stack.DataDirectory, "control-plane"))}");
        }

        if (stack.ControlPlanes.Count < 2)
        {
            return;
        }

        var first = LocalStack.ReplicaId(0);
        var others = string.Join(", ", Enumerable.Range(1, stack.ControlPlanes.Count - 1).Select(LocalStack.ReplicaId));
        console.MarkupLine(
            $"[grey]Replicas:[/] {first} ({Markup.Escape(UrlText.Of(stack.ApiUrl))}) runs the process cells: they are its child processes, on this host. "
            + $"cellctl and cells created here talk to {first}; a cell created through another replica's API is that replica's child.");
        console.MarkupLine(
            $"[grey]If {first} dies:[/] its cells keep serving (the router keeps routing to them), the router syncs from {Markup.Escape(others)}, and "
            + "migrations, deployments and experiments it drove are taken over (finished or rolled back) by another replica once its lease expires (15 s). "
            + $"No replica restarts a cell that stops meanwhile: run `cellctl up` again and {first} adopts the running cells and starts the stopped ones.");
    }
}
