using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Sqlite;
using Cellular.Testing;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary>SQLite stores, each a file in a temp directory of its own.</summary>
internal sealed class SqliteStoreFactory : IStoreFactory
{
    private readonly List<TempDirectory> _directories = [];
    private readonly List<SqliteStoreDatabase> _databases = [];

    public Task<IStoreDatabase> CreateAsync(TimeProvider time, IReadOnlyList<IStoreWriteGuard> guards)
    {
        var directory = new TempDirectory("store-conformance");
        _directories.Add(directory);
        var database = new SqliteStoreDatabase(Options.Create(new ControlPlaneOptions { DataDir = directory.Path }), guards, time);
        _databases.Add(database);
        return Task.FromResult<IStoreDatabase>(database);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var directory in _directories)
        {
            directory.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
