using Microsoft.AspNetCore.Builder;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// Entry point of this test assembly when the process provider runs it as a cell
/// (<c>dotnet Cellular.ControlPlane.Tests.dll --urls … --Cellular:Cell:Id=…</c>): a real child
/// process that answers the cell contract, stops on SIGTERM and writes to its cell.log.
/// </summary>
public static class FakeCellProgram
{
    public static int Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var id = builder.Configuration["Cellular:Cell:Id"] ?? "unnamed";
        var secretText = builder.Configuration["Cellular:Cell:Auth:Secret"];
        var secret = Cellular.Core.Security.CellSecrets.TryDecode(secretText, out var decoded) ? decoded : null;
        var app = builder.Build();
        FakeCell.Map(app, id, () => 200, secret);
        Console.WriteLine($"fake cell {id} starting in process {Environment.ProcessId}");
        Console.WriteLine(secret is null ? $"fake cell {id} has no secret" : $"fake cell {id} has a secret");
        app.Run();
        return 0;
    }

    /// <summary>Path of the program to configure as <c>Cellular:Process:CellCommand</c>.</summary>
    public static string Path => typeof(FakeCellProgram).Assembly.Location;
}
