namespace Cellular.Router.Hosting;

/// <summary>Checks <see cref="ForwardingOptions"/> for <see cref="RouterOptionsValidator"/>.</summary>
internal static class ForwardingOptionsValidation
{
    private const string Section = RouterOptions.SectionName + ":Forwarding";

    /// <summary>Adds a message naming the setting for every value that cannot work.</summary>
    public static void Validate(List<string> failures, ForwardingOptions? forwarding)
    {
        if (forwarding is null)
        {
            failures.Add($"{Section} is missing.");
            return;
        }

        if (forwarding.MaxIdleConnectionsPerCell is < 1 or > 100_000)
        {
            failures.Add($"{Section}:MaxIdleConnectionsPerCell is {forwarding.MaxIdleConnectionsPerCell}; it must be between 1 and 100000.");
        }

        if (forwarding.IdleTimeout < TimeSpan.FromSeconds(1) || forwarding.IdleTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:IdleTimeout is {forwarding.IdleTimeout}; it must be between 00:00:01 and 01:00:00.");
        }

        if (forwarding.MaxResponseHeaderBytes is < 1024 or > 1024 * 1024)
        {
            failures.Add($"{Section}:MaxResponseHeaderBytes is {forwarding.MaxResponseHeaderBytes}; it must be between 1024 and 1048576.");
        }
    }
}
