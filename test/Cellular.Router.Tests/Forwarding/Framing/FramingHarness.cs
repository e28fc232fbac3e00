using System.Net.Sockets;
using System.Text;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Forwarding.Framing;

/// <summary>A router on one forwarding path (lean or YARP) in front of a <see cref="RawCell"/> holding tenant <c>acme</c>.</summary>
internal sealed class FramingHarness : IAsyncDisposable
{
    private FramingHarness(RouterHost router, RawCell cell)
    {
        Router = router;
        Cell = cell;
    }

    public RouterHost Router { get; }

    public RawCell Cell { get; }

    public static async Task<FramingHarness> StartAsync(bool lean, Func<RawRequest, Stream, Task<bool>>? respond = null)
    {
        var cell = RawCell.Start();
        if (respond is not null)
        {
            cell.Respond = respond;
        }

        var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["Forwarding:Lean"] = lean ? "true" : "false" });
        router.Apply(OneTenant(1, cell.Url));
        return new FramingHarness(router, cell);
    }

    /// <summary>Sends raw bytes to the router on a new connection and reads until it closes (or 10 s pass).</summary>
    public async Task<string> SendRawAsync(string request)
    {
        var uri = new Uri(Router.Url);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Replace("{host}", uri.Authority, StringComparison.Ordinal)));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                response.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Reset by the router (or still open after 10 s): what arrived before counts.
        }

        return Encoding.Latin1.GetString(response.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await Router.DisposeAsync();
        await Cell.DisposeAsync();
    }
}
