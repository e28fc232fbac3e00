using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Http;
using Cellular.Core.Api;
using Cellular.Core.Http;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cellular.ControlPlane.Apis;

/// <summary><c>/api/v1/cells</c>: the cell registry.</summary>
internal static class CellsApi
{
    public static RouteGroupBuilder MapCellsApi(this RouteGroupBuilder api)
    {
        var cells = api.MapGroup("/cells").WithTags("cells");
        cells.MapPost(string.Empty, CreateAsync).RequireAuthorization(AuthPolicies.Admin);
        cells.MapGet(string.Empty, ListAsync).RequireAuthorization(AuthPolicies.ReadOnly);
        cells.MapGet("/{id}", GetAsync).RequireAuthorization(AuthPolicies.ReadOnly);
        cells.MapGet("/{id}/health", async (string id, CellService service, CancellationToken ct) => TypedResults.Ok(await service.GetHealthAsync(id, ct))).RequireAuthorization(AuthPolicies.ReadOnly);
        cells.MapPost("/{id}/drain", (string id, HttpRequest request, CellService service, CancellationToken ct) => OkAsync(service.DrainAsync(id, Actor.From(request), ct))).RequireAuthorization(AuthPolicies.CellOperator);
        cells.MapPost("/{id}/activate", (string id, HttpRequest request, CellService service, CancellationToken ct) => OkAsync(service.ActivateAsync(id, Actor.From(request), ct))).RequireAuthorization(AuthPolicies.CellOperator);
        cells.MapPost("/{id}/quarantine", (string id, HttpRequest request, CellService service, CancellationToken ct) => OkAsync(service.QuarantineAsync(id, Actor.From(request), ct))).RequireAuthorization(AuthPolicies.CellOperator);
        cells.MapPost("/{id}/retire", (string id, HttpRequest request, CellService service, CancellationToken ct) => OkAsync(service.RetireAsync(id, Actor.From(request), ct))).RequireAuthorization(AuthPolicies.Admin);
        return api;
    }

    private static async Task<Created<CellView>> CreateAsync(HttpRequest request, CellService service, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, CellularJsonContext.Default.CreateCellRequest, ct);
        var cell = await service.CreateAsync(body, Actor.From(request), ct);
        return TypedResults.Created($"/api/v1/cells/{cell.Id}", cell);
    }

    private static async Task<Ok<List<CellView>>> ListAsync(CellService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(ct));

    private static Task<Ok<CellView>> GetAsync(string id, CellService service, CancellationToken ct) => OkAsync(service.GetAsync(id, ct));

    private static async Task<Ok<CellView>> OkAsync(Task<CellView> cell) => TypedResults.Ok(await cell);
}
