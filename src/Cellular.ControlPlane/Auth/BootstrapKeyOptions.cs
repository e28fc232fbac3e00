namespace Cellular.ControlPlane.Auth;

/// <summary>One API key made at start-up (<c>Cellular:ControlPlane:Auth:Bootstrap:{i}</c>).</summary>
public sealed class BootstrapKeyOptions
{
    /// <summary>The key's name; nothing is done when a key of this name exists.</summary>
    public string? Name { get; set; }

    /// <summary>Its role: <c>ReadOnly</c>, <c>CellOperator</c>, <c>Admin</c> or <c>Router</c>.</summary>
    public string? Role { get; set; }

    /// <summary>Where its token is written (mode 0600; the directory is created).</summary>
    public string? TokenFile { get; set; }
}
