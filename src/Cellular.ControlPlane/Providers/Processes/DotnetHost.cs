using System.Runtime.InteropServices;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>Finds the <c>dotnet</c> executable that runs cell programs given as a <c>.dll</c>.</summary>
internal static class DotnetHost
{
    public static string Find()
    {
        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            return processPath;
        }

        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        // The running runtime lives in {root}/shared/Microsoft.NETCore.App/{version}/; its host is {root}/dotnet.
        var fromRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return File.Exists(fromRuntime) ? fromRuntime : "dotnet";
    }
}
