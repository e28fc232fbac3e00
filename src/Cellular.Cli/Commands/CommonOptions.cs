using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Cellular.Cli.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Commands;

/// <summary>Options and arguments several commands share, with their client-side validation.</summary>
internal sealed class CommonOptions
{
    /// <summary>Environment variable that overrides the default control plane URL.</summary>
    public const string ApiVariable = "CELLULAR_API";

    /// <summary>Environment variable that overrides the default router URL.</summary>
    public const string RouterVariable = "CELLULAR_ROUTER";

    /// <summary>Where <c>cellctl up</c> runs the control plane.</summary>
    public const string DefaultApiUrl = "http://127.0.0.1:5081";

    /// <summary>Where <c>cellctl up</c> runs the router.</summary>
    public const string DefaultRouterUrl = "http://127.0.0.1:5080";

    /// <summary>Environment variable holding the control plane key when <c>--token</c> is not given.</summary>
    public const string TokenVariable = "CELLULAR_TOKEN";

    /// <summary>Where <c>cellctl up</c> keeps its files, and where cellctl looks for <see cref="AdminTokenFileName"/>.</summary>
    public const string DefaultDataDirectory = "./.cellular";

    /// <summary>The file in the data directory where <c>cellctl up</c>'s control plane writes the admin key.</summary>
    public const string AdminTokenFileName = "admin-token";

    public CommonOptions(CliContext context)
    {
        Context = context;
        Api = UrlOption("--api", "Control plane URL (default: $" + ApiVariable + " or " + DefaultApiUrl + ").", ApiVariable, DefaultApiUrl);
        Api.Recursive = true;
        Token = new Option<string>("--token")
        {
            Description = "Control plane key sent as 'Authorization: Bearer' (default: $" + TokenVariable + ", else {data-dir}/" + AdminTokenFileName + ").",
            HelpName = "key",
            Recursive = true,
        };
        Token.Validators.Add(result =>
        {
            if (result.Tokens is [var token, ..] && string.IsNullOrWhiteSpace(token.Value))
            {
                result.AddError("--token is empty.");
            }
        });
        DataDirectory = new Option<string>("--data-dir")
        {
            Description = "The local stack's directory: `up` keeps its databases, cell data and logs there, and every command reads the admin key from its " + AdminTokenFileName + ".",
            HelpName = "path",
            DefaultValueFactory = _ => DefaultDataDirectory,
            Recursive = true,
        };
    }

    public CliContext Context { get; }

    /// <summary><c>--api</c>, on every command.</summary>
    public Option<Uri> Api { get; }

    /// <summary><c>--token</c>, on every command.</summary>
    public Option<string> Token { get; }

    /// <summary><c>--data-dir</c>, on every command (default <see cref="DefaultDataDirectory"/>, as for <c>cellctl up</c>).</summary>
    public Option<string> DataDirectory { get; }

    /// <summary>The key to send: <c>--token</c>, else <c>$CELLULAR_TOKEN</c>, else <c>{--data-dir}/admin-token</c>.</summary>
    public ApiCredential Credential(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (parseResult.GetValue(Token) is { } token && !string.IsNullOrWhiteSpace(token))
        {
            return ApiCredential.FromToken(token, "--token");
        }

        if (Context.GetEnvironmentVariable(TokenVariable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return ApiCredential.FromToken(fromEnvironment, "$" + TokenVariable);
        }

        var directory = parseResult.GetValue(DataDirectory);
        return ApiCredential.FromFile(Path.Combine(string.IsNullOrWhiteSpace(directory) ? DefaultDataDirectory : directory, AdminTokenFileName));
    }

    /// <summary>A <c>--router</c> option (default: <c>$CELLULAR_ROUTER</c> or the local router).</summary>
    public Option<Uri> Router() =>
        UrlOption("--router", "Router URL to check (default: $" + RouterVariable + " or " + DefaultRouterUrl + ").", RouterVariable, DefaultRouterUrl);

    /// <summary><c>--json</c>: print the API's answer as JSON, for scripts.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print the answer as JSON instead of a table." };

    /// <summary>A required cell id argument, checked with <see cref="Ids.DescribeInvalidCellId"/>.</summary>
    public static Argument<string> CellId(string description)
    {
        var argument = new Argument<string>("id") { Description = description };
        argument.Validators.Add(result => Check(result, Ids.DescribeInvalidCellId));
        return argument;
    }

    /// <summary>A required tenant id argument, checked with <see cref="Ids.DescribeInvalidTenantId"/>.</summary>
    public static Argument<string> TenantId(string description)
    {
        var argument = new Argument<string>("id") { Description = description };
        argument.Validators.Add(result => Check(result, Ids.DescribeInvalidTenantId));
        return argument;
    }

    /// <summary>A required id argument of a workflow (<c>exp-3</c>, <c>mig-4</c>); only checked for being non-empty, the control plane knows the rest.</summary>
    public static Argument<string> WorkflowId(string what, string description)
    {
        var argument = new Argument<string>("id") { Description = description };
        argument.Validators.Add(result =>
        {
            if (result.Tokens is [var token, ..] && string.IsNullOrWhiteSpace(token.Value))
            {
                result.AddError($"The {what} id is empty.");
            }
        });
        return argument;
    }

    /// <summary>An optional cell id option (e.g. <c>tenants create --cell</c>).</summary>
    public static Option<string> CellOption(string name, string description)
    {
        var option = new Option<string>(name) { Description = description, HelpName = "cell" };
        option.Validators.Add(result => Check(result, Ids.DescribeInvalidCellId));
        return option;
    }

    /// <summary>An optional integer option that must be at least <paramref name="minimum"/>.</summary>
    public static Option<int?> IntOption(string name, string description, int minimum, int maximum = int.MaxValue)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && (value < minimum || value > maximum))
            {
                result.AddError(maximum == int.MaxValue
                    ? $"{name} must be at least {minimum}; got {value}."
                    : $"{name} must be between {minimum} and {maximum}; got {value}.");
            }
        });
        return option;
    }

    /// <summary>An optional number option between <paramref name="minimum"/> and <paramref name="maximum"/> (above it when <paramref name="minimumExclusive"/>).</summary>
    public static Option<double?> DoubleOption(string name, string description, double minimum, double maximum, bool minimumExclusive = false)
    {
        var option = new Option<double?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value
                && (double.IsNaN(value) || value > maximum || value < minimum || (minimumExclusive && value <= minimum)))
            {
                var lower = minimumExclusive ? $"more than {minimum.ToString(CultureInfo.InvariantCulture)}" : $"at least {minimum.ToString(CultureInfo.InvariantCulture)}";
                result.AddError($"{name} must be {lower} and at most {maximum.ToString(CultureInfo.InvariantCulture)}; got {value.ToString(CultureInfo.InvariantCulture)}.");
            }
        });
        return option;
    }

    /// <summary>A repeatable cell id option (<c>--target c1 --target c2</c>): every id is checked and none may repeat.</summary>
    public static Option<string[]> CellListOption(string name, string description) =>
        ListOption(name, description, "cell", Ids.DescribeInvalidCellId);

    /// <summary>A repeatable tenant id option (<c>--tenant t1 --tenant t2</c>): every id is checked and none may repeat.</summary>
    public static Option<string[]> TenantListOption(string name, string description) =>
        ListOption(name, description, "tenant", Ids.DescribeInvalidTenantId);

    private static Option<string[]> ListOption(string name, string description, string helpName, Func<string?, string?> describe)
    {
        var option = new Option<string[]>(name) { Description = description, HelpName = helpName };
        option.Validators.Add(result =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var token in result.Tokens)
            {
                if (describe(token.Value) is { } problem)
                {
                    result.AddError(problem);
                }
                else if (!seen.Add(token.Value))
                {
                    result.AddError($"{name} {token.Value} is given twice.");
                }
            }
        });
        return option;
    }

    private static void Check(SymbolResult result, Func<string?, string?> describe)
    {
        if (result.Tokens.Count == 0)
        {
            return;
        }

        var problem = describe(result.Tokens[0].Value);
        if (problem is not null)
        {
            result.AddError(problem);
        }
    }

    private Option<Uri> UrlOption(string name, string description, string variable, string fallback)
    {
        var option = new Option<Uri>(name) { Description = description, HelpName = "url" };
        option.CustomParser = result =>
        {
            if (result.Tokens.Count > 0)
            {
                return ParseUrl(result, result.Tokens[0].Value, name);
            }

            var fromEnvironment = Context.GetEnvironmentVariable(variable);
            return string.IsNullOrWhiteSpace(fromEnvironment) ? new Uri(fallback) : ParseUrl(result, fromEnvironment, "$" + variable);
        };
        option.DefaultValueFactory = result => option.CustomParser(result)!;
        return option;
    }

    private static Uri? ParseUrl(ArgumentResult result, string text, string source)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError($"{source}: '{text}' is not an http:// or https:// URL.");
        return null;
    }
}
