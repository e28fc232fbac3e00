using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Replicas;

/// <summary>Refuses lease timings under which a live replica could lose its leases, with a message naming the key.</summary>
internal sealed class LeaseOptionsValidator : IValidateOptions<LeaseOptions>
{
    private static readonly TimeSpan MinTtl = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxTtl = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, LeaseOptions options)
    {
        var failures = new List<string>();
        if (options.Ttl < MinTtl || options.Ttl > MaxTtl)
        {
            failures.Add($"{LeaseOptions.SectionName}:Ttl must be {MinTtl} to {MaxTtl}, not {options.Ttl}.");
        }
        else
        {
            if (options.HeartbeatInterval is { } heartbeat && (heartbeat <= TimeSpan.Zero || heartbeat > options.Ttl / 3))
            {
                failures.Add($"{LeaseOptions.SectionName}:HeartbeatInterval must be more than 0 and at most a third of Ttl ({options.Ttl / 3}), not {heartbeat}: a lease must survive two missed heartbeats.");
            }

            if (options.PollInterval is { } poll && (poll <= TimeSpan.Zero || poll > options.Ttl))
            {
                failures.Add($"{LeaseOptions.SectionName}:PollInterval must be more than 0 and at most Ttl ({options.Ttl}), not {poll}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
