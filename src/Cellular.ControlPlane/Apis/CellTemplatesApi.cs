using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Providers.Commands;
using Cellular.Core.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Apis;

/// <summary><c>GET /api/v1/cell-templates</c>: the <c>command</c> provider's templates a cell can be created from.</summary>
internal static class CellTemplatesApi
{
    public static RouteGroupBuilder MapCellTemplatesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cell-templates", List).WithTags("cells").RequireAuthorization(AuthPolicies.ReadOnly);
        return api;
    }

    /// <summary>Every configured template, by name, with its components in order and the targets each implements.</summary>
    public static List<CellTemplateView> Views(CommandProviderOptions options) =>
        options.Templates
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new CellTemplateView(
                t.Key,
                t.Value.Description,
                t.Value.Components
                    .Select(c => new CellTemplateComponentView(
                        c.Name ?? string.Empty,
                        CommandTargets.All.Where(target => !string.IsNullOrWhiteSpace(c.CommandFor(target))).ToList(),
                        c.TimeoutSeconds))
                    .ToList()))
            .ToList();

    private static Ok<List<CellTemplateView>> List(IOptions<CommandProviderOptions> options) => TypedResults.Ok(Views(options.Value));
}
