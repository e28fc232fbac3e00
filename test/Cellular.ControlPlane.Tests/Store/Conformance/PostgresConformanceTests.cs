using Cellular.Testing.Postgres;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

// The conformance suite on PostgreSQL: each class a database of its own on the assembly's server, each test a schema in it.
public sealed class PostgresSchemaConformanceTests(PostgresDatabase database) : SchemaConformanceTests(new PostgresStoreFactory(database)), IClassFixture<PostgresDatabase>;
