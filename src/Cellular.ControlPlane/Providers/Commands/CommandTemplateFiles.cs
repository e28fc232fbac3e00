using System.Text.Json;

namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>
/// Binds <see cref="CommandProviderOptions"/> from the configuration merged over its
/// <see cref="CommandProviderOptions.TemplateFiles"/>: each file is read once, at start-up, its
/// templates' <c>Directory</c> made absolute against the file's folder (the folder itself when
/// left out), and the rest of the configuration laid on top so it can override any value
/// (e.g. <c>--Cellular:Command:Templates:notes:Environment:NOTES_DLL=…</c>). A file that is
/// missing or not JSON is recorded in <see cref="CommandProviderOptions.TemplateFileErrors"/>
/// for the validator to report.
/// </summary>
internal static class CommandTemplateFiles
{
    private const string TemplatesSection = CommandProviderOptions.SectionName + ":Templates";

    public static void Bind(CommandProviderOptions options, IConfiguration configuration)
    {
        var files = configuration.GetSection(CommandProviderOptions.SectionName + ":TemplateFiles").GetChildren().ToList();
        var merged = new ConfigurationBuilder();
        foreach (var file in files)
        {
            if (Read(file, options.TemplateFileErrors) is { } values)
            {
                merged.AddInMemoryCollection(values);
            }
        }

        merged.AddConfiguration(configuration, shouldDisposeConfiguration: false);
        merged.Build().GetSection(CommandProviderOptions.SectionName).Bind(options);
    }

    private static Dictionary<string, string?>? Read(IConfigurationSection entry, List<string> errors)
    {
        var key = entry.Path;
        if (string.IsNullOrWhiteSpace(entry.Value))
        {
            errors.Add($"{key} is empty; give the path of a template file.");
            return null;
        }

        var path = Path.GetFullPath(entry.Value);
        if (!File.Exists(path))
        {
            errors.Add($"{key} names {path}, which does not exist.");
            return null;
        }

        IConfigurationRoot file;
        try
        {
            file = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or JsonException or IOException or UnauthorizedAccessException)
        {
            errors.Add($"{key} names {path}, which cannot be read as JSON: {e.Message}");
            return null;
        }

        var templates = file.GetSection(TemplatesSection).GetChildren().ToList();
        if (templates.Count == 0)
        {
            errors.Add($"{key} names {path}, which defines no template: put them under {{\"Cellular\":{{\"Command\":{{\"Templates\":{{\"name\":{{…}}}}}}}}}}.");
            return null;
        }

        var values = file.AsEnumerable().Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);
        var folder = Path.GetDirectoryName(path)!;
        foreach (var template in templates)
        {
            values[$"{template.Path}:Directory"] = Path.GetFullPath(Path.Combine(folder, template["Directory"] ?? "."));
        }

        return values;
    }
}
