namespace Cellular.Router.Telemetry;

/// <summary>The tag values of <see cref="RequestOutcome"/>, as constants so tagging allocates nothing.</summary>
internal static class RequestOutcomeExtensions
{
    /// <summary>Number of outcomes, for arrays indexed by outcome.</summary>
    public const int Count = (int)RequestOutcome.Moving + 1;

    /// <summary><c>success</c>, <c>upstream_error</c>, <c>shed</c>, <c>rate_limited</c>, <c>cell_down</c>, <c>circuit_open</c>, <c>no_route</c> or <c>moving</c>.</summary>
    public static string ToTagValue(this RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.Success => "success",
        RequestOutcome.UpstreamError => "upstream_error",
        RequestOutcome.Shed => "shed",
        RequestOutcome.RateLimited => "rate_limited",
        RequestOutcome.CellDown => "cell_down",
        RequestOutcome.CircuitOpen => "circuit_open",
        RequestOutcome.Moving => "moving",
        _ => "no_route",
    };
}
