using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cellular.Cell.Ownership;
using Cellular.Cell.Tenancy;
using Cellular.Cell.TenantData;
using Cellular.Core.Api;

namespace Cellular.Cell.Tests.Infrastructure;

/// <summary>
/// A tenant store held in memory, one lock standing in for the database's write transaction:
/// values keyed by their sequence number, plus the ownership records.
/// </summary>
internal sealed class InMemoryTenantStore : ITenantOwnershipStore, ITenantDataStore
{
    private readonly Lock _transaction = new();
    private readonly Dictionary<string, TenantOwnership> _ownership = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<long, string>> _values = new(StringComparer.Ordinal);

    /// <summary>Stores a value the way an app write does: ownership checked in the same transaction.</summary>
    public long Write(ITenantContext tenant, string value)
    {
        lock (_transaction)
        {
            TenantOwnershipGuard.EnsureOwned(tenant, _ownership.GetValueOrDefault(tenant.TenantId!));
            var values = Values(tenant.TenantId!);
            var seq = values.Count == 0 ? 1 : values.Keys.Max() + 1;
            values[seq] = value;
            return seq;
        }
    }

    public Task<TenantOwnership?> GetAsync(string tenant, CancellationToken cancellationToken)
    {
        lock (_transaction)
        {
            return Task.FromResult(_ownership.GetValueOrDefault(tenant));
        }
    }

    public Task<TenantOwnership> UpdateAsync(string tenant, Func<TenantOwnership, TenantOwnership> change, CancellationToken cancellationToken)
    {
        lock (_transaction)
        {
            var changed = change(_ownership.GetValueOrDefault(tenant) ?? TenantOwnership.Unrecorded);
            _ownership[tenant] = changed;
            return Task.FromResult(changed);
        }
    }

    public Task<TenantSnapshot> ExportAsync(string tenant, CancellationToken cancellationToken)
    {
        lock (_transaction)
        {
            var values = Values(tenant);
            var rows = values.Select(v => JsonSerializer.SerializeToElement($"{v.Key}:{v.Value}")).ToList();
            return Task.FromResult(new TenantSnapshot(tenant, Watermark(values), rows));
        }
    }

    public Task ImportAsync(TenantSnapshot snapshot, CancellationToken cancellationToken)
    {
        lock (_transaction)
        {
            var values = Values(snapshot.Tenant);
            values.Clear();
            foreach (var row in snapshot.Rows)
            {
                var (seq, value) = Parse(row);
                values[seq] = value;
            }

            return Task.CompletedTask;
        }
    }

    public Task<TenantChanges> GetChangesAsync(string tenant, long after, int limit, CancellationToken cancellationToken)
    {
        lock (_transaction)
        {
            var values = Values(tenant);
            var changes = values.Where(v => v.Key > after).Take(limit)
                .Select(v => new TenantChange(v.Key, TenantChangeOperation.Upsert, v.Key.ToString(CultureInfo.InvariantCulture), JsonSerializer.SerializeToElement($"{v.Key}:{v.Value}")))
                .ToList();
            return Task.FromResult(new TenantChanges(changes, Watermark(values)));
        }
    }

    public Task ApplyChangesAsync(string tenant, IReadOnlyList<TenantChange> changes, long watermark, CancellationToken cancellationToken)
    {
        lock (_transaction)
        {
            var values = Values(tenant);
            foreach (var change in changes)
            {
                var (seq, value) = Parse(change.Row!.Value);
                values[seq] = value;
            }

            return Task.CompletedTask;
        }
    }

    public Task<TenantHash> ComputeHashAsync(string tenant, CancellationToken cancellationToken)
    {
        lock (_transaction)
        {
            var values = Values(tenant);
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', values.Select(v => $"{v.Key}:{v.Value}"))));
            return Task.FromResult(new TenantHash(tenant, "sha256", Convert.ToHexStringLower(digest), values.Count));
        }
    }

    public Task<TenantDataStats> GetStatsAsync(string tenant, CancellationToken cancellationToken)
    {
        lock (_transaction)
        {
            var values = Values(tenant);
            return Task.FromResult(new TenantDataStats(values.Count, Watermark(values)));
        }
    }

    public Task PurgeAsync(string tenant, CancellationToken cancellationToken)
    {
        lock (_transaction)
        {
            _values.Remove(tenant);
            return Task.CompletedTask;
        }
    }

    public Task<int> CountTenantsAsync(CancellationToken cancellationToken)
    {
        lock (_transaction)
        {
            return Task.FromResult(_values.Count(v => v.Value.Count > 0));
        }
    }

    private static long Watermark(SortedDictionary<long, string> values) => values.Count == 0 ? 0 : values.Keys.Max();

    private static (long Seq, string Value) Parse(JsonElement row)
    {
        var text = row.GetString() ?? throw new TenantDataFormatException("A row must be a string.");
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && long.TryParse(text.AsSpan(0, colon), CultureInfo.InvariantCulture, out var seq)
            ? (seq, text[(colon + 1)..])
            : throw new TenantDataFormatException($"Row '{text}' is not 'seq:value'.");
    }

    private SortedDictionary<long, string> Values(string tenant)
    {
        if (!_values.TryGetValue(tenant, out var values))
        {
            values = [];
            _values[tenant] = values;
        }

        return values;
    }
}
