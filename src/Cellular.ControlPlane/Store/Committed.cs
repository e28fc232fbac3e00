namespace Cellular.ControlPlane.Store;

/// <summary>
/// The outcome of a store mutation and the routing-table version it committed; when the
/// mutation changed nothing (e.g. draining a draining cell), <see cref="Changed"/> is false and
/// <see cref="Version"/> is the unchanged current version.
/// </summary>
internal readonly record struct Committed<T>(T Value, long Version, bool Changed);
