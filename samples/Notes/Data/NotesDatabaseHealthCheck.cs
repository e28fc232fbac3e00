using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notes.Data;

/// <summary>Contributes to <c>GET /_cell/health</c>: the cell is unhealthy when it cannot read its store.</summary>
internal sealed class NotesDatabaseHealthCheck(NotesDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT last_seq FROM tenants LIMIT 1;", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Cannot read {database.FilePath}.", e);
        }
    }
}
