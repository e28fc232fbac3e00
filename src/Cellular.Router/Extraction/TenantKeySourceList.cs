namespace Cellular.Router.Extraction;

/// <summary>Parses the comma-separated <see cref="RouterOptions.TenantKeySources"/> setting.</summary>
internal static class TenantKeySourceList
{
    /// <summary>Parses <paramref name="value"/>; on failure <paramref name="error"/> says why, for a person.</summary>
    public static bool TryParse(string? value, out TenantKeySource[] sources, out string? error)
    {
        sources = [];
        if (string.IsNullOrWhiteSpace(value))
        {
            error = $"{RouterOptions.SectionName}:TenantKeySources is empty; list at least one of Header, Path, Subdomain.";
            return false;
        }

        var list = new List<TenantKeySource>(3);
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Enum.TryParse<TenantKeySource>(part, ignoreCase: true, out var source) || !Enum.IsDefined(source) || source == TenantKeySource.Token || char.IsAsciiDigit(part[0]))
            {
                error = $"{RouterOptions.SectionName}:TenantKeySources names an unknown tenant key source '{part}'; use Header, Path or Subdomain.";
                return false;
            }

            if (list.Contains(source))
            {
                error = $"{RouterOptions.SectionName}:TenantKeySources lists '{source}' twice.";
                return false;
            }

            list.Add(source);
        }

        if (list.Count == 0)
        {
            error = $"{RouterOptions.SectionName}:TenantKeySources is empty; list at least one of Header, Path, Subdomain.";
            return false;
        }

        sources = [.. list];
        error = null;
        return true;
    }
}
