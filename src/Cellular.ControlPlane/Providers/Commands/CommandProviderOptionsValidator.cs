using Cellular.ControlPlane.Configuration;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>Refuses <c>command</c>-provider settings that would fail later, with a message naming the key.</summary>
internal sealed class CommandProviderOptionsValidator : IValidateOptions<CommandProviderOptions>
{
    /// <summary>The longest a target may be given: a day.</summary>
    public const int MaxTimeoutSeconds = 86_400;

    private const int MaxNameLength = 64;
    private static readonly TimeSpan MaxHealthTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, CommandProviderOptions options)
    {
        const string Section = CommandProviderOptions.SectionName;
        var failures = new List<string>(options.TemplateFileErrors);
        WorkloadPlacementChecks.Check(failures, Section, options.DataDir, options.PortBase, options.Host);

        if (options.HealthTimeout <= TimeSpan.Zero || options.HealthTimeout > MaxHealthTimeout)
        {
            failures.Add($"{Section}:HealthTimeout must be more than 0 and at most {MaxHealthTimeout}, not {options.HealthTimeout}.");
        }

        foreach (var (templateName, template) in options.Templates)
        {
            ValidateTemplate($"{Section}:Templates:{templateName}", templateName, template, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>True for a template name a request can carry: 1 to 64 lower-case letters, digits, '.', '_' and '-'.</summary>
    public static bool IsValidTemplateName(string name) =>
        name.Length is > 0 and <= MaxNameLength && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');

    private static void ValidateTemplate(string key, string name, CommandTemplateOptions template, List<string> failures)
    {
        if (!IsValidTemplateName(name))
        {
            failures.Add($"{key}: the template name '{name}' is not valid; use 1 to {MaxNameLength} lower-case letters, digits, '.', '_' and '-'.");
        }

        var directory = template.Directory;
        if (string.IsNullOrWhiteSpace(directory))
        {
            failures.Add($"{key}:Directory is missing: name the folder the template's commands run in.");
            directory = null;
        }
        else if (!System.IO.Directory.Exists(directory))
        {
            failures.Add($"{key}:Directory is '{directory}' ({Path.GetFullPath(directory)}), which does not exist.");
            directory = null;
        }

        if (template.Components.Count == 0)
        {
            failures.Add($"{key}:Components is empty: a template needs at least one component.");
        }
        else if (template.Components.All(c => string.IsNullOrWhiteSpace(c.Create)))
        {
            failures.Add($"{key}: no component has a Create command, so no cell could start; give the app's component one that prints its endpoint.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < template.Components.Count; i++)
        {
            ValidateComponent($"{key}:Components:{i}", template.Components[i], directory, names, failures);
        }

        foreach (var variable in template.Environment.Keys)
        {
            if (variable.Length == 0 || !(char.IsAsciiLetter(variable[0]) || variable[0] == '_') || !variable.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                failures.Add($"{key}:Environment:{variable} is not a valid environment variable name; use letters, digits and '_', not starting with a digit.");
            }
            else if (CommandEnvironment.IsReserved(variable))
            {
                failures.Add($"{key}:Environment:{variable} is set by the control plane for every command and cannot be given here.");
            }
        }
    }

    private static void ValidateComponent(string key, CommandComponentOptions component, string? directory, HashSet<string> names, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(component.Name))
        {
            failures.Add($"{key}:Name is missing: every component needs a name.");
        }
        else if (!names.Add(component.Name))
        {
            failures.Add($"{key}:Name '{component.Name}' is used by another component of the template.");
        }

        if (component.TimeoutSeconds is < 1 or > MaxTimeoutSeconds)
        {
            failures.Add($"{key}:TimeoutSeconds must be 1 to {MaxTimeoutSeconds}, not {component.TimeoutSeconds}.");
        }

        if (CommandTargets.All.All(t => string.IsNullOrWhiteSpace(component.CommandFor(t))))
        {
            failures.Add($"{key} has no command: give at least one of Create, Deploy, Verify and Destroy.");
        }

        if (directory is null)
        {
            return;
        }

        foreach (var target in CommandTargets.All)
        {
            // A command that is one relative path (./create.sh) must be there; command lines are the shell's business.
            if (component.CommandFor(target) is { } command && command.Trim() is var path
                && path.StartsWith("./", StringComparison.Ordinal) && !path.Any(char.IsWhiteSpace)
                && !File.Exists(Path.Combine(directory, path)))
            {
                failures.Add($"{key}:{char.ToUpperInvariant(target[0])}{target[1..]} is '{path}', which is not in {directory}.");
            }
        }
    }
}
