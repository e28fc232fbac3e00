using Cellular.Router;
using Cellular.Router.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Applies <see cref="IoOptions"/> to the process and to Kestrel.</summary>
public static class CellularRouterIoExtensions
{
    /// <summary>The runtime's switch for running socket completions on its I/O threads.</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>The runtime's count of socket I/O threads.</summary>
    public const string ThreadCountVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>
    /// Reads <c>Cellular:Router:Io</c> and applies it. Call it right after creating the builder: the
    /// runtime reads its socket settings once, when the process first uses a socket, so a later call
    /// changes nothing. Kestrel runs requests inline only when the runtime does too.
    /// </summary>
    public static WebApplicationBuilder UseCellularRouterIo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var io = builder.Configuration.GetSection(RouterOptions.SectionName + ":" + nameof(RouterOptions.Io)).Get<IoOptions>() ?? new IoOptions();
        if (io.InlineCompletions && Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }

        if (io.Threads is > 0 and <= IoOptionsValidation.MaxThreads && Environment.GetEnvironmentVariable(ThreadCountVariable) is null)
        {
            Environment.SetEnvironmentVariable(ThreadCountVariable, io.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var inline = InlineInEffect(io);
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = inline);
        return builder;
    }

    /// <summary>True when requests run on the socket I/O threads: asked for, and the runtime's switch is on.</summary>
    public static bool InlineInEffect(IoOptions io)
    {
        ArgumentNullException.ThrowIfNull(io);
        return io.InlineCompletions && Environment.GetEnvironmentVariable(InlineCompletionsVariable) == "1";
    }
}
