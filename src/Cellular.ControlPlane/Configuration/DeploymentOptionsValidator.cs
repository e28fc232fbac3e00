using Cellular.ControlPlane.Deployments;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Configuration;

/// <summary>Refuses deployment settings that cannot work (bounds, windows, webhooks), with a message naming the key.</summary>
internal sealed class DeploymentOptionsValidator : IValidateOptions<DeploymentOptions>
{
    private const int MaxBakeSeconds = 86_400;
    private const int MaxParallel = 100;
    private const int MaxWaveGrowth = 10;
    private const int MaxMinRequests = 1_000_000;
    private const string Section = DeploymentOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DeploymentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        Range(failures, $"{Section}:BakeSeconds", options.BakeSeconds, 0, MaxBakeSeconds);
        if (options.FirstProductionBakeSeconds is { } firstProduction)
        {
            Range(failures, $"{Section}:FirstProductionBakeSeconds", firstProduction, 0, MaxBakeSeconds);
        }

        Range(failures, $"{Section}:MaxParallel", options.MaxParallel, 1, MaxParallel);
        Range(failures, $"{Section}:WaveGrowth", options.WaveGrowth, 1, MaxWaveGrowth);
        if (!Enum.IsDefined(options.Approval))
        {
            failures.Add($"{Section}:Approval is '{options.Approval}'; use None, Production or EveryWave.");
        }

        Range(failures, $"{Section}:ErrorRateIncrease", options.ErrorRateIncrease, 0, 1);
        Range(failures, $"{Section}:P99Factor", options.P99Factor, 1, 100);
        Range(failures, $"{Section}:P99FloorMs", options.P99FloorMs, 0, 60_000);
        Range(failures, $"{Section}:MinRequests", options.MinRequests, 1, MaxMinRequests);
        if (options.MaxBakeExtensionSeconds is { } extension)
        {
            Range(failures, $"{Section}:MaxBakeExtensionSeconds", extension, 0, MaxBakeSeconds);
        }

        Range(failures, $"{Section}:LatencyWarmup", options.LatencyWarmup, TimeSpan.Zero, TimeSpan.FromHours(1));
        Range(failures, $"{Section}:GateInterval", options.GateInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Range(failures, $"{Section}:SwitchTimeout", options.SwitchTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        Range(failures, $"{Section}:DrainTime", options.DrainTime, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Range(failures, $"{Section}:PlanTrafficWindowSeconds", options.PlanTrafficWindowSeconds, 1, MaxBakeSeconds);

        for (var i = 0; i < (options.Windows ?? []).Count; i++)
        {
            ValidateWindow(failures, $"{Section}:Windows:{i}", options.Windows![i]);
        }

        for (var i = 0; i < (options.Webhooks ?? []).Count; i++)
        {
            ValidateWebhook(failures, $"{Section}:Webhooks:{i}", options.Webhooks![i]);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateWindow(List<string> failures, string key, DeploymentWindowOptions? window)
    {
        if (window is null)
        {
            failures.Add($"{key} is empty; give Days, From, To and TimeZone.");
            return;
        }

        foreach (var day in window.Days ?? [])
        {
            if (!Enum.IsDefined(day))
            {
                failures.Add($"{key}:Days has '{day}'; use day names, Monday to Sunday.");
            }
        }

        var fromValid = DeploymentWindow.TryParseTime(window.From, closing: false, out var from);
        if (!fromValid)
        {
            failures.Add($"{key}:From is '{window.From}'; use HH:mm, 00:00 to 23:59.");
        }

        if (!DeploymentWindow.TryParseTime(window.To, closing: true, out var to))
        {
            failures.Add($"{key}:To is '{window.To}'; use HH:mm, 00:00 to 24:00 (before From means past midnight).");
        }
        else if (fromValid && to == from)
        {
            failures.Add($"{key}:To is '{window.To}', the same as From; the window would be empty (use 00:00 to 24:00 for a whole day).");
        }

        if (!DeploymentWindow.TryFindTimeZone(window.TimeZone, out _))
        {
            failures.Add($"{key}:TimeZone is '{window.TimeZone}', not a time zone known here; use an IANA id such as Europe/Berlin or UTC.");
        }
    }

    private static void ValidateWebhook(List<string> failures, string key, DeploymentWebhookOptions? webhook)
    {
        if (webhook is null)
        {
            failures.Add($"{key} is empty; give its Url.");
            return;
        }

        if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{key}:Url is '{webhook.Url}'; give an absolute http or https URL, e.g. https://hooks.example.com/cellular.");
        }

        for (var i = 0; i < (webhook.Events ?? []).Count; i++)
        {
            var name = webhook.Events![i];
            if (!DeploymentEvents.IsKnown(name))
            {
                failures.Add($"{key}:Events:{i} is '{name}'; use {string.Join(", ", DeploymentEvents.All)} (none = all).");
            }
        }

        if (webhook.Secret is not null && string.IsNullOrWhiteSpace(webhook.Secret))
        {
            failures.Add($"{key}:Secret is blank; remove it or give the shared secret the signature is made with.");
        }
    }

    private static void Range<T>(List<string> failures, string key, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{key} must be {min} to {max}, not {value}.");
        }
    }
}
