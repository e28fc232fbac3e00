namespace Cellular.Router.Hosting;

/// <summary>Checks <see cref="IoOptions"/> for <see cref="RouterOptionsValidator"/>.</summary>
internal static class IoOptionsValidation
{
    /// <summary>The most socket I/O threads the router accepts.</summary>
    public const int MaxThreads = 64;

    private const string Section = RouterOptions.SectionName + ":Io";

    /// <summary>Adds a message naming the setting for every value that cannot work.</summary>
    public static void Validate(List<string> failures, IoOptions? io)
    {
        if (io is null)
        {
            failures.Add($"{Section} is missing.");
            return;
        }

        if (io.Threads is < 0 or > MaxThreads)
        {
            failures.Add($"{Section}:Threads is {io.Threads}; it must be between 0 (the runtime's choice) and {MaxThreads}.");
        }
    }
}
