namespace Cellular.Router.Containment;

/// <summary>
/// The circuit breaker of one cell: passive health from the requests themselves. Opens after a
/// run of connect failures or timeouts, or when too many requests in the sliding window failed;
/// while open, the cell's requests are refused at once instead of waiting on a sick cell. After
/// the break, one probe request goes through and its outcome closes or re-opens the circuit.
/// Hand-written rather than Polly's breaker because Polly takes a lock per execution: here the
/// request path is one volatile read when closed, counters are <see cref="Interlocked"/>, and
/// transitions are compare-and-swaps of immutable <see cref="CircuitState"/> objects.
/// </summary>
internal sealed partial class CellCircuit
{
    private static readonly TimeSpan HalfOpenRetryAfter = TimeSpan.FromSeconds(1);

    private readonly string _cellId;
    private readonly bool _enabled;
    private readonly int _consecutiveLimit;
    private readonly double _failureRatio;
    private readonly int _minimumThroughput;
    private readonly int _minimumFailingTenants;
    private readonly TimeSpan _breakDuration;
    private readonly long _breakTicks;
    private readonly long _probeTicks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FailureWindow _window;
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;

    /// <summary>Creates a closed circuit. <paramref name="probeTimeout"/> bounds how long a probe may stay unanswered before another may go.</summary>
    public CellCircuit(string cellId, CircuitBreakerOptions options, TimeSpan probeTimeout, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cellId = cellId;
        _enabled = options.Enabled;
        _consecutiveLimit = options.ConsecutiveFailures;
        _failureRatio = options.FailureRatio;
        _minimumThroughput = options.MinimumThroughput;
        _minimumFailingTenants = options.MinimumFailingTenants;
        _breakDuration = options.BreakDuration;
        _time = time;
        _logger = logger;
        _breakTicks = ToTicks(options.BreakDuration);
        _probeTicks = ToTicks(probeTimeout);
        _window = new FailureWindow(ToTicks(options.SamplingDuration));
    }

    /// <summary>The circuit's status now.</summary>
    public CircuitStatus Status => Volatile.Read(ref _state).Status;

    /// <summary>
    /// The cheap check made before any limiter: true when a request must be refused at
    /// <paramref name="now"/>, with how long to wait. An open circuit whose break is over does not
    /// refuse here; <see cref="TryPass"/> decides which request becomes the probe.
    /// </summary>
    public bool IsRefusing(long now, out TimeSpan retryAfter)
    {
        var state = Volatile.Read(ref _state);
        if (state.Status == CircuitStatus.Closed || now >= state.Until)
        {
            retryAfter = default;
            return false;
        }

        retryAfter = state.Status == CircuitStatus.Open ? _time.GetElapsedTime(now, state.Until) : HalfOpenRetryAfter;
        return true;
    }

    /// <summary>The last word before forwarding: allowed, the probe, or refused (with how long to wait).</summary>
    public CircuitPermit TryPass(long now, out TimeSpan retryAfter)
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state.Status == CircuitStatus.Closed)
            {
                retryAfter = default;
                return CircuitPermit.Allowed;
            }

            if (now < state.Until)
            {
                retryAfter = state.Status == CircuitStatus.Open ? _time.GetElapsedTime(now, state.Until) : HalfOpenRetryAfter;
                return CircuitPermit.Refused;
            }

            // The break is over (or the last probe never reported): the caller that wins the swap probes.
            if (Interlocked.CompareExchange(ref _state, CircuitState.HalfOpen(now + _probeTicks), state) == state)
            {
                Log.HalfOpen(_logger, _cellId);
                retryAfter = default;
                return CircuitPermit.Probe;
            }
        }
    }

    /// <summary>
    /// The cell answered; <paramref name="serverError"/> when with a 5xx. <paramref name="tenant"/>
    /// is a non-zero hash of the request's tenant (<see cref="TenantHash"/>), 0 when unknown.
    /// </summary>
    public void OnAnswered(CircuitPermit permit, bool serverError, long now, long tenant = 0)
    {
        if (!_enabled)
        {
            return;
        }

        _window.Record(now, serverError, tenant);
        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            Volatile.Write(ref _consecutiveFailures, 0);
        }

        if (permit == CircuitPermit.Probe)
        {
            if (serverError)
            {
                Reopen(now, "the probe request got a server error");
            }
            else
            {
                Close(now);
            }
        }
        else if (serverError && _window.Exceeds(now, _minimumThroughput, _failureRatio) && _window.SpreadOverTenants(now, _minimumFailingTenants))
        {
            Trip(now, "too many failed requests in the sampling window");
        }
    }

    /// <summary>A non-zero hash of a tenant key, for telling tenants apart in the failure window.</summary>
    public static long TenantHash(ReadOnlySpan<char> tenant) => (long)(uint)string.GetHashCode(tenant) | (1L << 40);

    /// <summary>The cell did not answer: connection refused or reset, connect or upstream timeout.</summary>
    public void OnNoAnswer(CircuitPermit permit, long now, long tenant = 0)
    {
        if (!_enabled)
        {
            return;
        }

        _window.Record(now, failed: true, tenant);
        var inARow = Interlocked.Increment(ref _consecutiveFailures);
        if (permit == CircuitPermit.Probe)
        {
            Reopen(now, "the probe request got no answer");
        }
        else if (!_window.SpreadOverTenants(now, _minimumFailingTenants))
        {
            // Only one tenant's requests fail while others' do not: its failures, not the cell's.
        }
        else if (inARow >= _consecutiveLimit)
        {
            Trip(now, "connect failures or timeouts in a row");
        }
        else if (_window.Exceeds(now, _minimumThroughput, _failureRatio))
        {
            Trip(now, "too many failed requests in the sampling window");
        }
    }

    /// <summary>The request ended without a verdict on the cell (the client left); a probe's turn passes to the next request.</summary>
    public void OnAbandoned(CircuitPermit permit, long now)
    {
        var state = Volatile.Read(ref _state);
        if (permit == CircuitPermit.Probe && state.Status == CircuitStatus.HalfOpen)
        {
            Interlocked.CompareExchange(ref _state, CircuitState.Open(now), state);
        }
    }

    /// <summary>Closes the circuit and forgets its history: the cell moved to a new endpoint.</summary>
    public void Reset()
    {
        Volatile.Write(ref _state, CircuitState.Closed);
        Volatile.Write(ref _consecutiveFailures, 0);
        _window.Reset(_time.GetTimestamp());
    }

    private void Trip(long now, string reason)
    {
        var state = Volatile.Read(ref _state);
        if (state.Status == CircuitStatus.Closed
            && Interlocked.CompareExchange(ref _state, CircuitState.Open(now + _breakTicks), state) == state)
        {
            Volatile.Write(ref _consecutiveFailures, 0);
            Log.Opened(_logger, _cellId, reason, _breakDuration);
        }
    }

    private void Reopen(long now, string reason)
    {
        var state = Volatile.Read(ref _state);
        if (state.Status == CircuitStatus.HalfOpen
            && Interlocked.CompareExchange(ref _state, CircuitState.Open(now + _breakTicks), state) == state)
        {
            Volatile.Write(ref _consecutiveFailures, 0);
            Log.Reopened(_logger, _cellId, reason, _breakDuration);
        }
    }

    private void Close(long now)
    {
        var state = Volatile.Read(ref _state);
        if (state.Status == CircuitStatus.HalfOpen
            && Interlocked.CompareExchange(ref _state, CircuitState.Closed, state) == state)
        {
            Volatile.Write(ref _consecutiveFailures, 0);
            _window.Reset(now);
            Log.Closed(_logger, _cellId);
        }
    }

    private long ToTicks(TimeSpan duration) => (long)(duration.TotalSeconds * _time.TimestampFrequency);
}
