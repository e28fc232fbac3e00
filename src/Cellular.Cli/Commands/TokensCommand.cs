using System.CommandLine;
using Cellular.Core.Api;

namespace Cellular.Cli.Commands;

/// <summary>
/// <c>cellctl tokens issue --tenant T [--ttl 1h]</c>: a tenant JWT from the control plane's local
/// issuer (<c>cellctl up --tenant-auth jwt</c>), printed alone on one line so it can go straight
/// into <c>curl -H "Authorization: Bearer $(cellctl tokens issue --tenant T)"</c>. It asks the
/// control plane with the caller's key, so it works from any directory.
/// </summary>
internal static class TokensCommand
{
    public static Command Create(ApiCommandRunner runner)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant the token is for.", HelpName = "tenant", Required = true };
        tenant.Validators.Add(result =>
        {
            if (result.Tokens is [var token, ..] && Cellular.Core.Model.Ids.DescribeInvalidTenantId(token.Value) is { } problem)
            {
                result.AddError(problem);
            }
        });
        var ttl = DurationOption.Create("--ttl", "How long the token is valid (default 1h, at most 24h).", TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));
        var issue = new Command("issue", "Print a tenant JWT from the control plane's local issuer, alone on one line.") { tenant, ttl };
        issue.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new TenantTokenRequest(
                    parseResult.GetRequiredValue(tenant),
                    parseResult.GetValue(ttl) is { } lifetime ? (int)lifetime.TotalSeconds : null);
                var token = await client.IssueTenantTokenAsync(request, ct);
                runner.Context.RawOut.WriteLine(token.Token);
                runner.Context.RawOut.Flush();
            },
            cancellationToken));
        var command = new Command("tokens", "Tenant tokens for trying a router with tenant authentication (cellctl up --tenant-auth jwt).");
        command.Subcommands.Add(issue);
        return command;
    }
}
