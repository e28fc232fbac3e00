namespace Cellular.ControlPlane.Auth;

/// <summary>What an API key's name may be: 1–64 of <c>[A-Za-z0-9._-]</c>.</summary>
internal static class ApiKeyNames
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
