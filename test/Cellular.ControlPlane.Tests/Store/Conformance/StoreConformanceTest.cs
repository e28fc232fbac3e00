using Cellular.ControlPlane.Store;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary>
/// The base of every conformance test class: one initialised, empty store of the subclass's
/// provider per test. An abstract class per aggregate holds the tests; a SQLite and a PostgreSQL
/// subclass of it run them, so every store behaviour is asserted on both providers alike.
/// </summary>
public abstract class StoreConformanceTest : IAsyncLifetime
{
    private readonly IStoreFactory _factory;
    private IStoreDatabase? _store;

    private protected StoreConformanceTest(IStoreFactory factory)
    {
        _factory = factory;
    }

    /// <summary>The store's clock (2026-01-01T00:00:00Z at first).</summary>
    private protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The write guards the store runs; add to it before <see cref="Store"/> is first written.</summary>
    private protected List<IStoreWriteGuard> Guards { get; } = [];

    /// <summary>The store under test, initialised.</summary>
    private protected IStoreDatabase Store => _store ?? throw new InvalidOperationException("Created in InitializeAsync.");

    /// <summary>Another empty store of the same provider (not initialised).</summary>
    private protected Task<IStoreDatabase> CreateStoreAsync() => _factory.CreateAsync(Time, Guards);

    public virtual async Task InitializeAsync()
    {
        _store = await _factory.CreateAsync(Time, Guards);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync() => await _factory.DisposeAsync();
}
