namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>
/// One component of a cell template and its targets. Each target is a command line run with
/// <c>/bin/sh -c</c> in the template's directory; a target left out is skipped for this component.
/// </summary>
public sealed class CommandComponentOptions
{
    /// <summary>The default <see cref="TimeoutSeconds"/>.</summary>
    public const int DefaultTimeoutSeconds = 120;

    /// <summary>The component's name, in messages and <c>CELLULAR_COMPONENT</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Bootstraps the component of a new cell (and again when the cell does not answer at start-up); idempotent. The app's component prints the endpoint.</summary>
    public string? Create { get; set; }

    /// <summary>Deploys a release; a blue/green deploy prints the new endpoint (<c>CELLULAR_DEPLOY_ENDPOINT</c>).</summary>
    public string? Deploy { get; set; }

    /// <summary>Smoke-tests the component as it runs now.</summary>
    public string? Verify { get; set; }

    /// <summary>Tears down the whole cell (<c>CELLULAR_DESTROY_SCOPE=cell</c>) or one workload (<c>workload</c>, at <c>CELLULAR_DESTROY_ENDPOINT</c>).</summary>
    public string? Destroy { get; set; }

    /// <summary>How long each target may run before its process group is killed.</summary>
    /// <value>Default 120.</value>
    public int TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

    /// <summary>The command of <paramref name="target"/>, or null when the component does not implement it.</summary>
    public string? CommandFor(string target) => target switch
    {
        CommandTargets.Create => Create,
        CommandTargets.Deploy => Deploy,
        CommandTargets.Verify => Verify,
        CommandTargets.Destroy => Destroy,
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown target."),
    };
}
