using System.Collections.Concurrent;
using System.Net;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// Writes notes for one tenant the way a router sends them: to the cell and with the epoch the
/// control plane's current table names. A 421 (fenced or moved) is a refused write, not an
/// acknowledged one; the next write reads the table again.
/// </summary>
internal sealed class TableRoutedWriter(HttpClient controlPlane, NotesCells cells, string tenant)
{
    private readonly ConcurrentQueue<(string Text, string Cell)> _acknowledged = new();
    private int _misdirected;

    public IReadOnlyList<(string Text, string Cell)> Acknowledged => [.. _acknowledged];

    public int Misdirected => Volatile.Read(ref _misdirected);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            var route = (await controlPlane.GetTableAsync()).Tenants.Single(t => t.Id == tenant);
            var text = $"w{i}";
            using var response = await cells[route.Cell].PostNoteAsync(tenant, route.Epoch, text);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created:
                    _acknowledged.Enqueue((text, route.Cell));
                    break;
                case HttpStatusCode.MisdirectedRequest:
                    Interlocked.Increment(ref _misdirected);
                    break;
                default:
                    throw new InvalidOperationException($"Write {text} to {route.Cell}: {response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> writes were acknowledged by <paramref name="cell"/> (any cell when null).</summary>
    public Task WaitForAsync(int count, string? cell = null) =>
        Eventually.TrueAsync(
            () => Task.FromResult(Acknowledged.Count(a => cell is null || a.Cell == cell) >= count),
            $"{count} writes acknowledged by {cell ?? "any cell"}",
            TimeSpan.FromSeconds(60));
}
