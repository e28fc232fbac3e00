using Cellular.Testing.Postgres;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

// The conformance suite on PostgreSQL: each class a database of its own on the assembly's server, each test a schema in it.
public sealed class PostgresSchemaConformanceTests(PostgresDatabase database) : SchemaConformanceTests(new PostgresStoreFactory(database)), IClassFixture<PostgresDatabase>;

public sealed class PostgresCellStoreConformanceTests(PostgresDatabase database) : CellStoreConformanceTests(new PostgresStoreFactory(database)), IClassFixture<PostgresDatabase>;

public sealed class PostgresAuditStoreConformanceTests(PostgresDatabase database) : AuditStoreConformanceTests(new PostgresStoreFactory(database)), IClassFixture<PostgresDatabase>;

public sealed class PostgresTableVersionStoreConformanceTests(PostgresDatabase database) : TableVersionStoreConformanceTests(new PostgresStoreFactory(database)), IClassFixture<PostgresDatabase>;

public sealed class PostgresHealthMarkStoreConformanceTests(PostgresDatabase database) : HealthMarkStoreConformanceTests(new PostgresStoreFactory(database)), IClassFixture<PostgresDatabase>;

public sealed class PostgresLeaseStoreConformanceTests(PostgresDatabase database) : LeaseStoreConformanceTests(new PostgresStoreFactory(database)), IClassFixture<PostgresDatabase>;

public sealed class PostgresTenantStoreConformanceTests(PostgresDatabase database) : TenantStoreConformanceTests(new PostgresStoreFactory(database)), IClassFixture<PostgresDatabase>;

public sealed class PostgresKeyStoreConformanceTests(PostgresDatabase database) : KeyStoreConformanceTests(new PostgresStoreFactory(database)), IClassFixture<PostgresDatabase>;

public sealed class PostgresMigrationStoreConformanceTests(PostgresDatabase database) : MigrationStoreConformanceTests(new PostgresStoreFactory(database)), IClassFixture<PostgresDatabase>;

public sealed class PostgresExperimentStoreConformanceTests(PostgresDatabase database) : ExperimentStoreConformanceTests(new PostgresStoreFactory(database)), IClassFixture<PostgresDatabase>;

public sealed class PostgresDeploymentStoreConformanceTests(PostgresDatabase database) : DeploymentStoreConformanceTests(new PostgresStoreFactory(database)), IClassFixture<PostgresDatabase>;
