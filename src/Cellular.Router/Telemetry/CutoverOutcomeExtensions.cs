namespace Cellular.Router.Telemetry;

/// <summary>The tag values of <see cref="CutoverOutcome"/>, as constants so tagging allocates nothing.</summary>
internal static class CutoverOutcomeExtensions
{
    /// <summary><c>retried_ok</c>, <c>retried_failed</c>, <c>hold_timeout</c>, <c>hold_full</c>, <c>body_too_large</c> or <c>client_left</c>.</summary>
    public static string ToTagValue(this CutoverOutcome outcome) => outcome switch
    {
        CutoverOutcome.RetriedOk => "retried_ok",
        CutoverOutcome.RetriedFailed => "retried_failed",
        CutoverOutcome.HoldTimeout => "hold_timeout",
        CutoverOutcome.HoldFull => "hold_full",
        CutoverOutcome.BodyTooLarge => "body_too_large",
        _ => "client_left",
    };
}
