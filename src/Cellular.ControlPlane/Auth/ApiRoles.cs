using Cellular.Core.Api;

namespace Cellular.ControlPlane.Auth;

/// <summary>Reads role names strictly: an enum name, any case, never a number.</summary>
internal static class ApiRoles
{
    public static bool TryParse(string? text, out ApiRole role)
    {
        role = default;
        return !string.IsNullOrWhiteSpace(text) && !char.IsAsciiDigit(text.Trim()[0]) && text.Trim()[0] != '-'
            && Enum.TryParse(text.Trim(), ignoreCase: true, out role) && Enum.IsDefined(role);
    }
}
