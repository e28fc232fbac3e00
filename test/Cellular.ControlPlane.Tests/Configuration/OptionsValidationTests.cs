using Cellular.ControlPlane.Configuration;
using Cellular.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Tests.Configuration;

public sealed class OptionsValidationTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new ControlPlaneOptionsValidator().Validate(null, new ControlPlaneOptions()).Succeeded);
        Assert.True(new ProcessProviderOptionsValidator().Validate(null, new ProcessProviderOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_NameEveryKey()
    {
        var controlPlane = new ControlPlaneOptions { DefaultCellCapacity = 0, Fallback = new FallbackOptions { Kind = "random", Buckets = 0 } };
        var process = new ProcessProviderOptions { PortBase = 70000, Host = "example.com", StartTimeout = TimeSpan.Zero, CellCommand = "/no/such/cell.dll" };

        var failures = string.Join('\n', new ControlPlaneOptionsValidator().Validate(null, controlPlane).Failures!)
            + string.Join('\n', new ProcessProviderOptionsValidator().Validate(null, process).Failures!);

        foreach (var key in new[] { "DefaultCellCapacity", "Fallback:Kind", "Fallback:Buckets", "PortBase", "Host", "StartTimeout", "CellCommand" })
        {
            Assert.Contains(key, failures, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_InvalidFallbackKind_FailsAtStartUp()
    {
        using var root = new TempDirectory("cp-options");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:DataDir"] = root.Path,
            ["Cellular:ControlPlane:Fallback:Kind"] = "key-ranges",
        });
        builder.Services.AddCellularControlPlane();
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Fallback:Kind is 'key-ranges'", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(root.Path, "cellular.db")));
    }
}
