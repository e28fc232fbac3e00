using System.Collections;

namespace Cellular.Cell.Logging;

/// <summary>
/// Scope state carrying <c>cell</c> and, when known, <c>tenant</c>. Structured loggers read
/// the pairs; text loggers print <see cref="ToString"/>.
/// </summary>
internal sealed class CellLogScope(string cell, string? tenant) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string CellKey = "cell";
    public const string TenantKey = "tenant";

    public int Count => tenant is null ? 1 : 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(CellKey, cell),
        1 when tenant is not null => new(TenantKey, tenant),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => tenant is null ? $"cell:{cell}" : $"cell:{cell} tenant:{tenant}";
}
