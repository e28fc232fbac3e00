using System.Globalization;
using Cellular.ControlPlane.Store.Rows;
using Cellular.Core.Api;
using Dapper;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// The audit log (<c>audit</c>): appended inside the transaction of the change it describes, so
/// a change and its row commit together or not at all. Append-only: the schema's triggers refuse
/// updates and deletes, whoever tries.
/// </summary>
internal sealed class AuditStore
{
    /// <summary>Appends one row stamped with the transaction's time.</summary>
    public Task AppendAsync(StoreTransaction tx, string actor, string action, string target, string? detail) =>
        tx.Connection.ExecuteAsync(
            "INSERT INTO audit (at, actor, action, target, detail) VALUES (@now, @actor, @action, @target, @detail);",
            new { now = tx.NowText, actor, action, target, detail },
            tx.Transaction);

    /// <summary>Entries matching <paramref name="query"/>, newest first; <c>Total</c> counts every match whatever <c>Before</c> says.</summary>
    public async Task<Page<AuditEntry>> ListAsync(StoreTransaction tx, AuditQuery query)
    {
        const string Where = """
            WHERE (@before IS NULL OR id < @before)
              AND (@action IS NULL OR action = @action)
              AND (@actor IS NULL OR actor = @actor)
              AND (@target IS NULL OR target = @target)
            """;
        var parameters = new { before = query.Before, action = query.Action, actor = query.Actor, target = query.Target, limit = query.Limit + 1 };
        var rows = (await tx.Connection.QueryAsync<AuditRow>(
            $"SELECT id AS Id, at AS At, actor AS Actor, action AS Action, target AS Target, detail AS Detail FROM audit {Where} ORDER BY id DESC LIMIT @limit;",
            parameters,
            tx.Transaction)).ToList();
        var total = await tx.Connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM audit WHERE (@action IS NULL OR action = @action) AND (@actor IS NULL OR actor = @actor) AND (@target IS NULL OR target = @target);",
            parameters,
            tx.Transaction);
        var items = rows.Take(query.Limit).Select(r => r.ToEntry()).ToList();
        var next = rows.Count > query.Limit ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return new Page<AuditEntry>(items, next, (int)Math.Min(total, int.MaxValue));
    }
}
