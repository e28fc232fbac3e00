namespace Cellular.Testing.Postgres;

/// <summary>
/// A fresh PostgreSQL database for one test class (use it as an <c>IClassFixture</c>), on the
/// assembly's <see cref="PostgresTestServer"/>; dropped when the class is done.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private PostgresTestServer? _server;
    private string? _name;

    /// <summary>The database's name.</summary>
    public string Name => _name ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    /// <summary>A connection string for the database (no password: trust on loopback).</summary>
    public string ConnectionString => Server.ConnectionString(Name);

    /// <summary>The server it lives on, to make more databases.</summary>
    public PostgresTestServer Server => _server ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _server = await PostgresTestServer.GetAsync();
        _name = await _server.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null && _name is not null)
        {
            await _server.DropDatabaseAsync(_name);
        }
    }
}
