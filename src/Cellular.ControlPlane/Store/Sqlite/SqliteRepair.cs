namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>An object a released schema version gained later without a new number, created where a file at that version lacks it.</summary>
/// <param name="Version">The version the object belongs to.</param>
/// <param name="Name">Its name in <c>sqlite_master</c>.</param>
/// <param name="Sql">What creates it.</param>
internal sealed record SqliteRepair(int Version, string Name, string Sql);
