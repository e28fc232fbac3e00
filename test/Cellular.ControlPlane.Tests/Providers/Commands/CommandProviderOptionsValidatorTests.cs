using Cellular.ControlPlane.Providers.Commands;
using Cellular.Testing;
using Microsoft.Extensions.Configuration;

namespace Cellular.ControlPlane.Tests.Providers.Commands;

public sealed class CommandProviderOptionsValidatorTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-command-options");

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new CommandProviderOptionsValidator().Validate(null, new CommandProviderOptions()).Succeeded);
    }

    [Fact]
    public void Validate_ShippedNotesTemplate_Succeeds()
    {
        var options = Bind(new() { ["Cellular:Command:TemplateFiles:0"] = NotesTemplate.File });

        Assert.True(new CommandProviderOptionsValidator().Validate(null, options).Succeeded, string.Join('\n', new CommandProviderOptionsValidator().Validate(null, options).Failures ?? []));
        Assert.Equal(NotesTemplate.Directory, options.Templates["notes"].Directory);
        Assert.Equal(["app"], options.Templates["notes"].Components.Select(c => c.Name));
    }

    [Fact]
    public void Validate_BadTemplate_NamesEveryKey()
    {
        var options = new CommandProviderOptions { PortBase = 0, Host = "example.com", HealthTimeout = TimeSpan.Zero, DataDir = " " };
        options.Templates["Bad Name"] = new CommandTemplateOptions { Directory = _root.Combine("missing"), Components = { new CommandComponentOptions { Name = "app", Create = "./create.sh" } } };
        options.Templates["t"] = new CommandTemplateOptions
        {
            Directory = _root.Path,
            Components =
            {
                new CommandComponentOptions { Create = "./create.sh", TimeoutSeconds = 0 },
                new CommandComponentOptions { Name = "db", TimeoutSeconds = 100_000 },
                new CommandComponentOptions { Name = "db", Deploy = "echo ok" },
            },
            Environment = { ["CELLULAR_CELL_ID"] = "x", ["1BAD"] = "y" },
        };

        var failures = string.Join('\n', new CommandProviderOptionsValidator().Validate(null, options).Failures!);

        foreach (var expected in new[]
        {
            "Cellular:Command:PortBase", "Cellular:Command:Host", "Cellular:Command:HealthTimeout", "Cellular:Command:DataDir",
            "Cellular:Command:Templates:Bad Name: the template name", "Cellular:Command:Templates:Bad Name:Directory is",
            "Cellular:Command:Templates:t:Components:0:Name is missing", "Cellular:Command:Templates:t:Components:0:TimeoutSeconds must be 1 to 86400, not 0",
            "Cellular:Command:Templates:t:Components:0:Create is './create.sh', which is not in", "Cellular:Command:Templates:t:Components:1:TimeoutSeconds",
            "Cellular:Command:Templates:t:Components:1 has no command", "Cellular:Command:Templates:t:Components:2:Name 'db' is used",
            "Cellular:Command:Templates:t:Environment:CELLULAR_CELL_ID is set by the control plane", "Cellular:Command:Templates:t:Environment:1BAD is not a valid",
        })
        {
            Assert.Contains(expected, failures, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_TemplateWithoutCreate_SaysNoCellCouldStart()
    {
        var options = new CommandProviderOptions();
        options.Templates["t"] = new CommandTemplateOptions { Directory = _root.Path, Components = { new CommandComponentOptions { Name = "app", Deploy = "true" } } };

        var failures = string.Join('\n', new CommandProviderOptionsValidator().Validate(null, options).Failures!);

        Assert.Contains("Cellular:Command:Templates:t: no component has a Create command", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_TemplateFiles_MergedUnderConfigurationWithDirectoriesFromTheFile()
    {
        var folder = Directory.CreateDirectory(_root.Combine("app", "cell")).FullName;
        File.WriteAllText(Path.Combine(folder, "tpl.json"), """
            {"Cellular":{"Command":{"Templates":{
              "web":{"Description":"d","Components":[{"Name":"app","Create":"./up.sh","TimeoutSeconds":30}],"Environment":{"A":"file","B":"file"}},
              "rel":{"Directory":"..","Components":[{"Name":"x","Create":"true"}]}}}}}
            """);

        var options = Bind(new()
        {
            ["Cellular:Command:TemplateFiles:0"] = Path.Combine(folder, "tpl.json"),
            ["Cellular:Command:Templates:web:Environment:B"] = "configuration",
            ["Cellular:Command:Templates:web:Components:0:TimeoutSeconds"] = "45",
        });

        var web = options.Templates["web"];
        Assert.Equal((folder, "./up.sh", 45), (web.Directory, web.Components[0].Create, web.Components[0].TimeoutSeconds));
        Assert.Equal(("file", "configuration"), (web.Environment["A"], web.Environment["B"]));
        Assert.Equal(_root.Combine("app"), options.Templates["rel"].Directory);
        Assert.Empty(options.TemplateFileErrors);
    }

    [Fact]
    public void Bind_MissingOrBrokenTemplateFile_IsReportedByTheValidator()
    {
        var broken = _root.Combine("broken.json");
        File.WriteAllText(broken, "{ not json");
        var empty = _root.Combine("empty.json");
        File.WriteAllText(empty, """{"Cellular":{}}""");

        var options = Bind(new()
        {
            ["Cellular:Command:TemplateFiles:0"] = _root.Combine("nope.json"),
            ["Cellular:Command:TemplateFiles:1"] = broken,
            ["Cellular:Command:TemplateFiles:2"] = empty,
        });

        var failures = string.Join('\n', new CommandProviderOptionsValidator().Validate(null, options).Failures!);
        Assert.Contains($"Cellular:Command:TemplateFiles:0 names {_root.Combine("nope.json")}, which does not exist", failures, StringComparison.Ordinal);
        Assert.Contains($"Cellular:Command:TemplateFiles:1 names {broken}, which cannot be read as JSON", failures, StringComparison.Ordinal);
        Assert.Contains($"Cellular:Command:TemplateFiles:2 names {empty}, which defines no template", failures, StringComparison.Ordinal);
    }

    private static CommandProviderOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = new CommandProviderOptions();
        CommandTemplateFiles.Bind(options, configuration);
        return options;
    }
}
