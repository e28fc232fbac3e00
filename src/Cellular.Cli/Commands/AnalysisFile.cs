using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.Cli.Commands;

/// <summary>
/// <c>cellctl deploy --analysis-file PATH</c>: a JSON array of Prometheus analyses (or one analysis
/// object), checked while the command line is parsed so a typo is a usage error, not a request.
/// </summary>
internal static class AnalysisFile
{
    public static Option<FileInfo> Create()
    {
        var option = new Option<FileInfo>("--analysis-file")
        {
            Description = "A JSON file of Prometheus analyses judged during every bake beside the built-in gate, e.g. "
                + "[{\"name\":\"error-rate\",\"query\":\"… {{cell}} … [{{window}}]\",\"successCondition\":\"result < 0.05\",\"failureLimit\":0}]. "
                + "The control plane needs Cellular:ControlPlane:Prometheus:Url.",
            HelpName = "path",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo>() is { } file && Read(file, out var error) is null)
            {
                result.AddError(error!);
            }
        });
        return option;
    }

    /// <summary>The analyses in <paramref name="file"/>; null (with <paramref name="error"/>) when it cannot be read.</summary>
    public static IReadOnlyList<DeploymentAnalysisRequest>? Read(FileInfo file, out string? error)
    {
        ArgumentNullException.ThrowIfNull(file);
        error = null;
        try
        {
            var text = File.ReadAllText(file.FullName);
            if (text.TrimStart().StartsWith('{'))
            {
                return [JsonSerializer.Deserialize(text, CellularJsonContext.Default.DeploymentAnalysisRequest)!];
            }

            var list = (JsonTypeInfo<IReadOnlyList<DeploymentAnalysisRequest>>)CellularJsonContext.Default.GetTypeInfo(typeof(IReadOnlyList<DeploymentAnalysisRequest>))!;
            return JsonSerializer.Deserialize(text, list) ?? throw new JsonException("The file holds null.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"--analysis-file {file.FullName} cannot be read: {e.Message}";
        }
        catch (JsonException e)
        {
            error = $"--analysis-file {file.FullName} is not a JSON list of analyses ({{name, query, successCondition, failureLimit?}}): {e.Message}";
        }

        return null;
    }
}
