using Cellular.Cell.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Tests;

public sealed class CellularServiceCollectionExtensionsTests
{
    [Fact]
    public void AddCellular_ConfigurationSection_BindsOptionsWithDefaults()
    {
        using var provider = BuildProvider(new() { ["Cellular:Cell:Id"] = "c7" });

        var options = provider.GetRequiredService<IOptions<CellOptions>>().Value;

        Assert.Equal("c7", options.Id);
        Assert.Equal("1.0.0", options.Version);
        Assert.Equal("data", options.DataDir);
    }

    [Fact]
    public void AddCellular_BadCellId_OptionsRefuseIt()
    {
        using var provider = BuildProvider(new() { ["Cellular:Cell:Id"] = "Not A Cell" });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CellOptions>>().Value);

        Assert.Contains("Cellular:Cell:Id is not valid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCellular_ConfigureAction_OverridesConfiguration()
    {
        var services = NewServices(new() { ["Cellular:Cell:Id"] = "from-config" });
        services.AddCellular(o => o.Id = "from-code");
        using var provider = services.BuildServiceProvider();

        Assert.Equal("from-code", provider.GetRequiredService<IOptions<CellOptions>>().Value.Id);
    }

    [Fact]
    public void AddCellular_CalledTwice_RegistersEachPartOnce()
    {
        var services = NewServices(new() { ["Cellular:Cell:Id"] = "c1" });
        services.AddCellular();
        services.AddCellular();

        Assert.Single(services, d => d.ServiceType == typeof(IStartupFilter));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<CellOptions>));
    }

    [Fact]
    public async Task StartAsync_MissingCellId_HostRefusesToStart()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestCell.StartAsync(cellId: ""));

        Assert.Contains("Cellular:Cell:Id is not set", e.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider BuildProvider(Dictionary<string, string?> settings)
    {
        var services = NewServices(settings);
        services.AddCellular();
        return services.BuildServiceProvider();
    }

    private static ServiceCollection NewServices(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
