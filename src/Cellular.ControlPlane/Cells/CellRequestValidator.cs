using Cellular.ControlPlane.Errors;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Cells;

/// <summary>Checks a <see cref="CreateCellRequest"/> and fills in defaults, refusing with a message that names the field.</summary>
internal static class CellRequestValidator
{
    public const string DefaultRegion = "local";
    public const string DefaultZone = "local-a";
    public const string DefaultVersion = "1.0.0";

    private const int MaxNameLength = 64;
    private const int MaxCapacity = 1_000_000_000;
    private const int MaxLabels = 64;
    private const int MaxLabelValueLength = 256;

    /// <summary>The cell to create, in state <see cref="CellState.Provisioning"/>.</summary>
    public static Cell Validate(CreateCellRequest request, int defaultCapacity, IReadOnlyCollection<string> providers)
    {
        var id = RequireCellId(request.Id);
        var endpoint = request.Endpoint is null ? null : NormalizeEndpoint(request.Endpoint);
        var provider = request.Provider ?? (endpoint is null ? "process" : "static");
        if (!providers.Contains(provider))
        {
            throw ControlPlaneException.BadRequest($"Unknown provider '{Shorten(provider)}'; use {string.Join(" or ", providers.Order(StringComparer.Ordinal))}.");
        }

        var stage = CellStage.Prod;
        if (request.Stage is not null && !CellStages.TryParse(request.Stage, out stage))
        {
            throw ControlPlaneException.BadRequest($"Unknown stage '{Shorten(request.Stage)}'; use {CellStages.Supported}.");
        }

        var capacity = request.Capacity ?? defaultCapacity;
        if (capacity is < 1 or > MaxCapacity)
        {
            throw ControlPlaneException.BadRequest($"The capacity must be 1 to {MaxCapacity} weight units, not {capacity}.");
        }

        return new Cell(
            id,
            Name(request.Region, "region") ?? DefaultRegion,
            Name(request.Zone, "zone") ?? DefaultZone,
            stage,
            capacity,
            endpoint,
            CellState.Provisioning,
            provider,
            Labels(request.Labels),
            Version(request.Version) ?? DefaultVersion,
            CellReleaseValidator.Artifact(request.Artifact),
            request.Config is null ? null : CellReleaseValidator.Config(request.Config),
            Template(request.Template, provider));
    }

    /// <summary>A template names a <c>command</c> cell's scripts; other providers have none.</summary>
    private static string? Template(string? template, string provider)
    {
        if (template is null)
        {
            return null;
        }

        if (provider != "command")
        {
            throw ControlPlaneException.BadRequest($"Only 'command' cells take a 'template'; this cell's provider is '{Shorten(provider)}'.");
        }

        return Name(template, "template");
    }

    public static string RequireCellId(string? id) =>
        Ids.DescribeInvalidCellId(id) is { } problem ? throw ControlPlaneException.BadRequest(problem) : id!;

    /// <summary>A region or zone: a lower-case name like a cell id, at most 64 characters.</summary>
    public static string? Name(string? value, string what)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxNameLength || !Ids.IsValidCellId(value))
        {
            throw ControlPlaneException.BadRequest(
                $"The {what} '{Shorten(value)}' is not valid; use 1 to {MaxNameLength} lower-case letters, digits, '.', '_' and '-'.");
        }

        return value;
    }

    private static string NormalizeEndpoint(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0
            || uri.UserInfo.Length > 0)
        {
            throw ControlPlaneException.BadRequest(
                $"The endpoint '{Shorten(endpoint)}' is not valid; give the cell's base URL, e.g. http://127.0.0.1:5200.");
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    private static string? Version(string? version)
    {
        if (version is null)
        {
            return null;
        }

        if (version.Length is 0 or > MaxNameLength || !version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '_'))
        {
            throw ControlPlaneException.BadRequest(
                $"The version '{Shorten(version)}' is not valid; use 1 to {MaxNameLength} letters, digits, '.', '-', '+' and '_'.");
        }

        return version;
    }

    private static Dictionary<string, string> Labels(Dictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        if (labels.Count > MaxLabels)
        {
            throw ControlPlaneException.BadRequest($"A cell may have at most {MaxLabels} labels, not {labels.Count}.");
        }

        foreach (var (key, value) in labels)
        {
            if (key.Length is 0 or > MaxNameLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/'))
            {
                throw ControlPlaneException.BadRequest(
                    $"The label name '{Shorten(key)}' is not valid; use 1 to {MaxNameLength} letters, digits, '.', '-', '_' and '/'.");
            }

            if (value is null || value.Length > MaxLabelValueLength || value.Any(char.IsControl))
            {
                throw ControlPlaneException.BadRequest(
                    $"The value of label '{key}' is not valid; use a string of at most {MaxLabelValueLength} printable characters.");
            }
        }

        return new Dictionary<string, string>(labels, StringComparer.Ordinal);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
}
