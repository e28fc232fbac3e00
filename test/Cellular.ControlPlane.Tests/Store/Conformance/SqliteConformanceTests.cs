namespace Cellular.ControlPlane.Tests.Store.Conformance;

// The conformance suite on SQLite: each test a file of its own in a temp directory.
public sealed class SqliteSchemaConformanceTests() : SchemaConformanceTests(new SqliteStoreFactory());

public sealed class SqliteCellStoreConformanceTests() : CellStoreConformanceTests(new SqliteStoreFactory());

public sealed class SqliteAuditStoreConformanceTests() : AuditStoreConformanceTests(new SqliteStoreFactory());

public sealed class SqliteTableVersionStoreConformanceTests() : TableVersionStoreConformanceTests(new SqliteStoreFactory());

public sealed class SqliteHealthMarkStoreConformanceTests() : HealthMarkStoreConformanceTests(new SqliteStoreFactory());

public sealed class SqliteLeaseStoreConformanceTests() : LeaseStoreConformanceTests(new SqliteStoreFactory());

public sealed class SqliteTenantStoreConformanceTests() : TenantStoreConformanceTests(new SqliteStoreFactory());

public sealed class SqliteKeyStoreConformanceTests() : KeyStoreConformanceTests(new SqliteStoreFactory());

public sealed class SqliteMigrationStoreConformanceTests() : MigrationStoreConformanceTests(new SqliteStoreFactory());

public sealed class SqliteExperimentStoreConformanceTests() : ExperimentStoreConformanceTests(new SqliteStoreFactory());

public sealed class SqliteDeploymentStoreConformanceTests() : DeploymentStoreConformanceTests(new SqliteStoreFactory());
