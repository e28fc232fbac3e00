using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Cellular.Core.Api;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Steady read traffic through the router over a set of tenants, recording every outcome per
/// tenant, so a test can say exactly who saw an error while something was broken.
/// </summary>
public sealed class TrafficLoad : IAsyncDisposable
{
    private readonly HttpClient _router;
    private readonly IReadOnlyList<TenantView> _tenants;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Outcomes> _byTenant = new(StringComparer.Ordinal);
    private readonly List<Task> _workers = [];
    private int _disposed;

    public TrafficLoad(HttpClient router, IReadOnlyList<TenantView> tenants, int workers = 4, TimeSpan? pause = null)
    {
        _router = router;
        _tenants = tenants;
        foreach (var tenant in tenants)
        {
            _byTenant[tenant.Id] = new Outcomes();
        }

        for (var w = 0; w < workers; w++)
        {
            var offset = w;
            _workers.Add(Task.Run(() => RunAsync(offset, workers, pause ?? TimeSpan.FromMilliseconds(5))));
        }
    }

    /// <summary>Outcomes of one tenant's requests.</summary>
    public sealed class Outcomes
    {
        private long _ok;
        private long _failed;

        public long Ok => Interlocked.Read(ref _ok);

        public long Failed => Interlocked.Read(ref _failed);

        public ConcurrentBag<double> LatenciesMs { get; } = [];

        public ConcurrentBag<int> FailureStatuses { get; } = [];

        internal void Record(bool ok, int status, double ms)
        {
            if (ok)
            {
                Interlocked.Increment(ref _ok);
            }
            else
            {
                Interlocked.Increment(ref _failed);
                FailureStatuses.Add(status);
            }

            LatenciesMs.Add(ms);
        }
    }

    public IReadOnlyDictionary<string, Outcomes> ByTenant => _byTenant;

    /// <summary>Snapshot of (ok, failed) per tenant so later phases can be told apart.</summary>
    public Dictionary<string, (long Ok, long Failed)> Mark() =>
        _byTenant.ToDictionary(p => p.Key, p => (p.Value.Ok, p.Value.Failed), StringComparer.Ordinal);

    private async Task RunAsync(int offset, int stride, TimeSpan pause)
    {
        var i = offset;
        while (!_stop.IsCancellationRequested)
        {
            var tenant = _tenants[i % _tenants.Count];
            i += stride;
            var watch = Stopwatch.StartNew();
            int status;
            try
            {
                using var request = Stack.ForTenant(HttpMethod.Get, "/notes", tenant.Id);
                using var response = await _router.SendAsync(request, _stop.Token);
                status = (int)response.StatusCode;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }
            catch (TaskCanceledException)
            {
                status = -1;
            }

            _byTenant[tenant.Id].Record(status == (int)HttpStatusCode.OK, status, watch.Elapsed.TotalMilliseconds);
            try
            {
                await Task.Delay(pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Stops the traffic; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }
}
