using System.Text.Json;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Store.Rows;

/// <summary>An <c>audit</c> row as Dapper reads it.</summary>
internal sealed class AuditRow
{
    public long Id { get; set; }

    public string At { get; set; } = string.Empty;

    public string Actor { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public string Target { get; set; } = string.Empty;

    public string? Detail { get; set; }

    public AuditEntry ToEntry()
    {
        JsonElement? detail = null;
        if (Detail is not null)
        {
            using var document = JsonDocument.Parse(Detail);
            detail = document.RootElement.Clone();
        }

        return new AuditEntry(Id, StoreTime.Parse(At), Actor, Action, Target, detail);
    }
}
