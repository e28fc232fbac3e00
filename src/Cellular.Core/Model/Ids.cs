using System.Buffers;

namespace Cellular.Core.Model;

/// <summary>
/// Validation rules for tenant and cell identifiers. They are checked at every boundary
/// (HTTP, CLI, snapshot files) so that an id can be used safely in headers, paths, file names
/// and log fields without escaping.
/// </summary>
public static class Ids
{
    /// <summary>The longest id accepted, in characters.</summary>
    public const int MaxLength = 128;

    // Vectorised membership test: a routing table build checks millions of tenant ids.
    private static readonly SearchValues<char> TenantIdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    /// <summary>True when <paramref name="value"/> is 1–128 characters of <c>[A-Za-z0-9._-]</c>, not only dots.</summary>
    public static bool IsValidTenantId(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxLength)
        {
            return false;
        }

        // "." and ".." would name a directory, not a tenant, wherever an id becomes a path.
        return !value.ContainsAnyExcept(TenantIdChars) && value.ContainsAnyExcept('.');
    }

    /// <summary>True when <paramref name="value"/> is 1–128 characters of <c>[a-z0-9._-]</c>, not only dots.</summary>
    public static bool IsValidCellId(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsIdChar(c) || char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return value.ContainsAnyExcept('.');
    }

    /// <summary>Explains why a tenant id is refused, or returns null when it is valid.</summary>
    public static string? DescribeInvalidTenantId(string? value) => Describe(value, "tenant id", allowUpper: true);

    /// <summary>Explains why a cell id is refused, or returns null when it is valid.</summary>
    public static string? DescribeInvalidCellId(string? value) => Describe(value, "cell id", allowUpper: false);

    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    private static string? Describe(string? value, string what, bool allowUpper)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"The {what} is missing; it must be 1 to {MaxLength} characters.";
        }

        if (value.Length > MaxLength)
        {
            return $"The {what} is {value.Length} characters long; at most {MaxLength} are allowed.";
        }

        var ok = allowUpper ? IsValidTenantId(value) : IsValidCellId(value);
        if (ok)
        {
            return null;
        }

        if (!value.AsSpan().ContainsAnyExcept('.'))
        {
            return $"The {what} '{Truncate(value)}' is made only of dots; it would name a directory, not a {what[..what.IndexOf(' ')]}.";
        }

        var allowed = allowUpper ? "letters, digits, '.', '_' and '-'" : "lower-case letters, digits, '.', '_' and '-'";
        return $"The {what} '{Truncate(value)}' contains a character that is not allowed; use only {allowed}.";
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
}
