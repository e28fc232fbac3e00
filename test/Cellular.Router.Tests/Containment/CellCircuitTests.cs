using Cellular.Router.Containment;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.Router.Tests.Containment;

public sealed class CellCircuitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    private CellCircuit Create(CircuitBreakerOptions? options = null) =>
        new("c1", options ?? new CircuitBreakerOptions(), TimeSpan.FromSeconds(30), _time, NullLogger.Instance);

    private long Now => _time.GetTimestamp();

    [Fact]
    public void OnNoAnswer_ThreeInARow_OpensWithBreakAsRetryAfter()
    {
        var circuit = Create();

        circuit.OnNoAnswer(circuit.TryPass(Now, out _), Now);
        circuit.OnNoAnswer(circuit.TryPass(Now, out _), Now);
        Assert.Equal(CircuitStatus.Closed, circuit.Status);
        circuit.OnNoAnswer(circuit.TryPass(Now, out _), Now);

        Assert.Equal(CircuitStatus.Open, circuit.Status);
        Assert.True(circuit.IsRefusing(Now, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(5), retryAfter);
        Assert.Equal(CircuitPermit.Refused, circuit.TryPass(Now, out _));
    }

    [Fact]
    public void OnAnswered_BetweenFailures_ResetsTheRun()
    {
        var circuit = Create();

        circuit.OnNoAnswer(CircuitPermit.Allowed, Now);
        circuit.OnNoAnswer(CircuitPermit.Allowed, Now);
        circuit.OnAnswered(CircuitPermit.Allowed, serverError: false, Now);
        circuit.OnNoAnswer(CircuitPermit.Allowed, Now);
        circuit.OnNoAnswer(CircuitPermit.Allowed, Now);

        Assert.Equal(CircuitStatus.Closed, circuit.Status);
    }

    [Fact]
    public void OnAnswered_HalfServerErrorsOfTwenty_Opens()
    {
        var circuit = Create();

        for (var i = 0; i < 19; i++)
        {
            circuit.OnAnswered(CircuitPermit.Allowed, serverError: i % 2 == 0, Now);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // 10 of 19 failed: not enough requests yet.
        Assert.Equal(CircuitStatus.Closed, circuit.Status);
        circuit.OnAnswered(CircuitPermit.Allowed, serverError: true, Now);

        Assert.Equal(CircuitStatus.Open, circuit.Status);
    }

    [Fact]
    public void OnAnswered_ServerErrorsOlderThanTheWindow_Forgotten()
    {
        var circuit = Create();
        for (var i = 0; i < 15; i++)
        {
            circuit.OnAnswered(CircuitPermit.Allowed, serverError: true, Now);
        }

        _time.Advance(TimeSpan.FromSeconds(11));
        for (var i = 0; i < 10; i++)
        {
            circuit.OnAnswered(CircuitPermit.Allowed, serverError: i < 4, Now);
        }

        Assert.Equal(CircuitStatus.Closed, circuit.Status);
    }

    [Fact]
    public void TryPass_AfterBreak_OneProbeOthersRefused()
    {
        var circuit = Create();
        Open(circuit);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(circuit.IsRefusing(Now, out _));
        Assert.Equal(CircuitPermit.Probe, circuit.TryPass(Now, out _));
        Assert.Equal(CircuitStatus.HalfOpen, circuit.Status);
        Assert.True(circuit.IsRefusing(Now, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
        Assert.Equal(CircuitPermit.Refused, circuit.TryPass(Now, out _));
    }

    [Fact]
    public void OnAnswered_ProbeSucceeds_Closes()
    {
        var circuit = Create();
        Open(circuit);
        _time.Advance(TimeSpan.FromSeconds(5));
        var probe = circuit.TryPass(Now, out _);

        circuit.OnAnswered(probe, serverError: false, Now);

        Assert.Equal(CircuitStatus.Closed, circuit.Status);
        Assert.Equal(CircuitPermit.Allowed, circuit.TryPass(Now, out _));

        // A clean slate: the failures before the break do not count any more.
        circuit.OnNoAnswer(CircuitPermit.Allowed, Now);
        circuit.OnNoAnswer(CircuitPermit.Allowed, Now);
        Assert.Equal(CircuitStatus.Closed, circuit.Status);
    }

    [Fact]
    public void OnNoAnswer_ProbeFails_ReopensForAnotherBreak()
    {
        var circuit = Create();
        Open(circuit);
        _time.Advance(TimeSpan.FromSeconds(5));
        var probe = circuit.TryPass(Now, out _);

        circuit.OnNoAnswer(probe, Now);

        Assert.Equal(CircuitStatus.Open, circuit.Status);
        Assert.True(circuit.IsRefusing(Now, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(5), retryAfter);
    }

    [Fact]
    public void OnAnswered_ProbeGetsServerError_Reopens()
    {
        var circuit = Create();
        Open(circuit);
        _time.Advance(TimeSpan.FromSeconds(5));

        circuit.OnAnswered(circuit.TryPass(Now, out _), serverError: true, Now);

        Assert.Equal(CircuitStatus.Open, circuit.Status);
    }

    [Fact]
    public void OnAbandoned_Probe_NextRequestProbes()
    {
        var circuit = Create();
        Open(circuit);
        _time.Advance(TimeSpan.FromSeconds(5));

        circuit.OnAbandoned(circuit.TryPass(Now, out _), Now);

        Assert.Equal(CircuitPermit.Probe, circuit.TryPass(Now, out _));
    }

    [Fact]
    public void TryPass_ProbeNeverReports_AnotherProbeAfterProbeTimeout()
    {
        var circuit = Create();
        Open(circuit);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(CircuitPermit.Probe, circuit.TryPass(Now, out _));

        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(CircuitPermit.Probe, circuit.TryPass(Now, out _));
    }

    [Fact]
    public void OnNoAnswer_Disabled_NeverOpens()
    {
        var circuit = Create(new CircuitBreakerOptions { Enabled = false });

        for (var i = 0; i < 50; i++)
        {
            circuit.OnNoAnswer(circuit.TryPass(Now, out _), Now);
        }

        Assert.Equal(CircuitStatus.Closed, circuit.Status);
    }

    [Fact]
    public void Reset_Open_ClosesAtOnce()
    {
        var circuit = Create();
        Open(circuit);

        circuit.Reset();

        Assert.Equal(CircuitPermit.Allowed, circuit.TryPass(Now, out _));
    }

    private void Open(CellCircuit circuit)
    {
        for (var i = 0; i < 3; i++)
        {
            circuit.OnNoAnswer(CircuitPermit.Allowed, Now);
        }

        Assert.Equal(CircuitStatus.Open, circuit.Status);
    }
}
