using Cellular.ControlPlane.Store;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary>Makes empty stores of one provider for the conformance suite: each call a store of its own (a file, or a PostgreSQL schema).</summary>
internal interface IStoreFactory : IAsyncDisposable
{
    /// <summary>A new, uninitialised store.</summary>
    Task<IStoreDatabase> CreateAsync(TimeProvider time, IReadOnlyList<IStoreWriteGuard> guards);
}
