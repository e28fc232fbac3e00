namespace Cellular.ControlPlane.Tests.Store.Conformance;

// The conformance suite on SQLite: each class a file of its own in a temp directory per test.
public sealed class SqliteSchemaConformanceTests() : SchemaConformanceTests(new SqliteStoreFactory());
