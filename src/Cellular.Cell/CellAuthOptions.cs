namespace Cellular.Cell;

/// <summary>
/// How the cell authenticates its callers. Bound from <c>Cellular:Cell:Auth</c> and validated at
/// start-up: a cell needs either a <see cref="Secret"/> (tenant requests must then carry the
/// router's signed <c>X-Cellular-Assertion</c>, and <c>/_cell/*</c> but health the control
/// plane's credential) or an explicit <see cref="AllowUnsigned"/>.
/// </summary>
public sealed class CellAuthOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Cellular:Cell:Auth";

    /// <summary>
    /// The cell's secret from the control plane (base64url of at least 16 bytes), from which the
    /// cell derives the keys of tenant assertions and of the control plane's credential. Pass it
    /// in the environment variable <c>Cellular__Cell__Auth__Secret</c>, never on the command line.
    /// </summary>
    /// <value>Default: none.</value>
    public string? Secret { get; set; }

    /// <summary>
    /// Serve tenant requests that carry no assertion (a cell behind a trusted network only). Without
    /// a <see cref="Secret"/> this also leaves <c>/_cell/*</c> open, and the cell says so at start-up.
    /// </summary>
    /// <value>Default <c>false</c>.</value>
    public bool AllowUnsigned { get; set; }

    /// <summary>How far past its expiry an assertion or credential is still accepted, for clocks that differ.</summary>
    /// <value>Default 30 seconds; at most 10 minutes.</value>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after the cell first sees a validly signed assertion of a new key generation it still
    /// accepts the generation before it (routers move to the new keys within their refresh
    /// interval); after that the previous generation is retired, so a leaked key stops working.
    /// </summary>
    /// <value>Default 5 minutes; from 0 to 1 hour.</value>
    public TimeSpan PreviousGenerationGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The secret's text, never printed.</summary>
    public override string ToString() => $"{nameof(CellAuthOptions)} {{ Secret = {(string.IsNullOrEmpty(Secret) ? "(none)" : "***")}, AllowUnsigned = {AllowUnsigned}, ClockSkew = {ClockSkew}, PreviousGenerationGrace = {PreviousGenerationGrace} }}";
}
