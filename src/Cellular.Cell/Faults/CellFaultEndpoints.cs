using Cellular.Cell.Internal;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Cellular.Cell.Faults;

/// <summary><c>/_cell/faults</c>: set, list and clear the time-limited faults chaos experiments inject.</summary>
internal static class CellFaultEndpoints
{
    private const string Example = """{"kind":"error","status":503,"durationSeconds":60,"tenants":["acme"]}""";

    public static void MapCellFaults(this IEndpointRouteBuilder endpoints)
    {
        var faults = endpoints.MapGroup("/faults");
        faults.MapPost("", CreateAsync);
        faults.MapGet("", List);
        faults.MapGet("/{id}", Get);
        faults.MapDelete("/{id}", Delete);
        faults.MapDelete("", Clear);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, [FromServices] CellFaultRegistry registry)
    {
        var (request, problem) = await CellJsonBody.ReadAsync(context, CellularJsonContext.Default.CellFaultRequest, Example, DescribeJsonError).ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }

        var valid = CellFaultRequestValidator.Validate(request, out var errors);
        if (valid is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid fault");
        }

        var fault = registry.Add(valid);
        context.Response.Headers.Location = $"{CellularEndpointRouteBuilderExtensions.Prefix}/faults/{fault.Id}";
        return TypedResults.Json(fault, CellularJsonContext.Default.CellFault, statusCode: StatusCodes.Status201Created);
    }

    private static IResult List([FromServices] CellFaultRegistry registry) =>
        TypedResults.Json(registry.List().ToList(), CellularJsonContext.Default.ListCellFault);

    private static IResult Get(string id, [FromServices] CellFaultRegistry registry) =>
        registry.Find(id) is { } fault
            ? TypedResults.Json(fault, CellularJsonContext.Default.CellFault)
            : NotFound(id);

    private static IResult Delete(string id, [FromServices] CellFaultRegistry registry) =>
        registry.Remove(id) ? TypedResults.NoContent() : NotFound(id);

    private static IResult Clear([FromServices] CellFaultRegistry registry)
    {
        registry.Clear();
        return TypedResults.NoContent();
    }

    private static IResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Fault not found", detail: $"No active fault has id '{id}'; it may have expired.");

    /// <summary>An unknown kind is a JSON conversion error; say which kinds exist instead of quoting the converter.</summary>
    private static IResult? DescribeJsonError(System.Text.Json.JsonException e) =>
        e.Path == "$.kind"
            ? TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["kind"] = [$"kind must be {CellFaultRequestValidator.Kinds}."] },
                title: "Invalid fault")
            : null;
}
