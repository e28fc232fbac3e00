using System.Text.Json;
using System.Text.Json.Serialization;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.Core.Json;

/// <summary>
/// Source-generated JSON for every type that crosses a process boundary: camelCase names,
/// enums as strings, so the wire format is the same for every component and the CLI.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(RoutingTableSnapshot))]
[JsonSerializable(typeof(RoutingTableDelta))]
[JsonSerializable(typeof(Cell))]
[JsonSerializable(typeof(Tenant))]
[JsonSerializable(typeof(CreateCellRequest))]
[JsonSerializable(typeof(CellView))]
[JsonSerializable(typeof(List<CellView>))]
[JsonSerializable(typeof(CreateTenantRequest))]
[JsonSerializable(typeof(TenantView))]
[JsonSerializable(typeof(Page<TenantView>))]
[JsonSerializable(typeof(ControlPlaneHealth))]
[JsonSerializable(typeof(RouterHealth))]
[JsonSerializable(typeof(CellHealth))]
[JsonSerializable(typeof(CellInfo))]
[JsonSerializable(typeof(RouterStats))]
[JsonSerializable(typeof(RouterLimits))]
[JsonSerializable(typeof(AuditEntry))]
[JsonSerializable(typeof(List<AuditEntry>))]
[JsonSerializable(typeof(CellFaultRequest))]
[JsonSerializable(typeof(CellFault))]
[JsonSerializable(typeof(List<CellFault>))]
[JsonSerializable(typeof(TenantEpochRequest))]
[JsonSerializable(typeof(TenantMovedRequest))]
[JsonSerializable(typeof(TenantFenceResult))]
[JsonSerializable(typeof(CellTenantView))]
[JsonSerializable(typeof(TenantSnapshot))]
[JsonSerializable(typeof(TenantChangePage))]
[JsonSerializable(typeof(TenantHash))]
[JsonSerializable(typeof(CellHealthStatus))]
[JsonSerializable(typeof(List<CellHealthStatus>))]
[JsonSerializable(typeof(CreateExperimentRequest))]
[JsonSerializable(typeof(Experiment))]
[JsonSerializable(typeof(List<Experiment>))]
[JsonSerializable(typeof(ExperimentKillSwitch))]
[JsonSerializable(typeof(CreateDeploymentRequest))]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(List<Deployment>))]
[JsonSerializable(typeof(DeploymentActionRequest))]
[JsonSerializable(typeof(DeploymentFreeze))]
[JsonSerializable(typeof(DeploymentFreezeRequest))]
[JsonSerializable(typeof(VersionLedger))]
[JsonSerializable(typeof(DeploymentWebhookEvent))]
[JsonSerializable(typeof(List<CellTemplateView>))]
[JsonSerializable(typeof(FleetPage))]
[JsonSerializable(typeof(FleetCellDetail))]
[JsonSerializable(typeof(TenantRoute))]
[JsonSerializable(typeof(ConsoleLink))]
[JsonSerializable(typeof(ConsoleSignInRequest))]
[JsonSerializable(typeof(CellRelease))]
[JsonSerializable(typeof(Dictionary<string, ExperimentWindowStats>))]
[JsonSerializable(typeof(CreateMigrationRequest))]
[JsonSerializable(typeof(Migration))]
[JsonSerializable(typeof(List<Migration>))]
[JsonSerializable(typeof(CellEvacuation))]
[JsonSerializable(typeof(RebalanceRequest))]
[JsonSerializable(typeof(RebalancePlan))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(ApiKeyView))]
[JsonSerializable(typeof(List<ApiKeyView>))]
[JsonSerializable(typeof(CreatedApiKey))]
[JsonSerializable(typeof(WhoAmI))]
[JsonSerializable(typeof(AssertionKeySet))]
[JsonSerializable(typeof(CellSecretView))]
[JsonSerializable(typeof(TenantTokenRequest))]
[JsonSerializable(typeof(TenantToken))]
[JsonSerializable(typeof(Page<AuditEntry>))]
public sealed partial class CellularJsonContext : JsonSerializerContext;
