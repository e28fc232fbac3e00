using System.Collections.Frozen;
using Cellular.Core.Api;
using Polly;
using Polly.Simmy;
using Polly.Simmy.Fault;
using Polly.Simmy.Latency;

namespace Cellular.Cell.Faults;

/// <summary>
/// One fault as the request path uses it: its public view, the tenants it is limited to and a
/// Polly chaos pipeline that decides per request (by <see cref="CellFault.Rate"/>) whether to hit.
/// Immutable, so any number of requests can share it without locks.
/// </summary>
internal sealed class ActiveCellFault
{
    private readonly FrozenSet<string>? _tenants;

    public ActiveCellFault(CellFault view, TimeProvider timeProvider)
    {
        View = view;
        _tenants = view.Tenants?.ToFrozenSet(StringComparer.Ordinal);
        Pipeline = BuildPipeline(view, timeProvider);
    }

    public CellFault View { get; }

    /// <summary>Delays (latency) or throws <see cref="InjectedFaultException"/> (every other kind) when the fault hits.</summary>
    public ResiliencePipeline Pipeline { get; }

    public bool IsExpired(DateTimeOffset now) => now >= View.ExpiresAt;

    /// <summary>True when the fault is still live and covers a request of <paramref name="tenant"/> (null = no tenant).</summary>
    public bool AppliesTo(DateTimeOffset now, string? tenant) =>
        !IsExpired(now) && (_tenants is null || (tenant is not null && _tenants.Contains(tenant)));

    private static ResiliencePipeline BuildPipeline(CellFault view, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { Name = $"cell-fault-{view.Id}", TimeProvider = timeProvider };
        if (view.Kind == CellFaultKind.Latency)
        {
            builder.AddChaosLatency(new ChaosLatencyStrategyOptions
            {
                InjectionRate = view.Rate,
                Latency = TimeSpan.FromMilliseconds(view.LatencyMs ?? 0),
            });
        }
        else
        {
            builder.AddChaosFault(new ChaosFaultStrategyOptions
            {
                InjectionRate = view.Rate,
                FaultGenerator = _ => ValueTask.FromResult<Exception?>(new InjectedFaultException(view)),
            });
        }

        return builder.Build();
    }
}
