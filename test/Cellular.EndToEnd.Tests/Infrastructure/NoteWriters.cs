using System.Collections.Concurrent;
using System.Net;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The migration checker's writers: concurrent clients appending uniquely numbered notes for a
/// tenant through the router, remembering every write the service acknowledged and every
/// request that failed.
/// </summary>
public sealed class NoteWriters : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private int _disposed;

    public NoteWriters(Stack stack, string tenant, int writers)
    {
        Tenant = tenant;
        for (var w = 0; w < writers; w++)
        {
            var writer = w;
            _tasks.Add(Task.Run(() => WriteAsync(stack, writer)));
        }
    }

    public string Tenant { get; }

    /// <summary>Texts of writes answered 201.</summary>
    public ConcurrentBag<string> Acknowledged { get; } = [];

    /// <summary>Requests answered with anything but 201 (status and body).</summary>
    public ConcurrentBag<string> Failures { get; } = [];

    private async Task WriteAsync(Stack stack, int writer)
    {
        for (var seq = 0; !_stop.IsCancellationRequested; seq++)
        {
            var text = $"{Tenant}/w{writer}/{seq}";
            try
            {
                using var response = await stack.WriteNoteAsync(Tenant, text);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Acknowledged.Add(text);
                }
                else
                {
                    Failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (HttpRequestException e)
            {
                Failures.Add($"transport: {e.Message}");
            }

            await Task.Delay(2);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
        _stop.Dispose();
    }
}
