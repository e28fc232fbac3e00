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
public sealed partial class CellularJsonContext : JsonSerializerContext;
