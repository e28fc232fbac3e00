using Cellular.Core.Telemetry;

namespace Cellular.Core.Tests.Tracing;

public sealed class TelemetrySettingsTests
{
    [Fact]
    public void Default_IsOffValidAndGivesChildrenNothing()
    {
        var settings = new TelemetrySettings();

        Assert.False(settings.Enabled);
        Assert.Empty(settings.Validate());
        Assert.Empty(settings.ToEnvironment());
    }

    [Theory]
    [InlineData("http://127.0.0.1:4318", "http://127.0.0.1:4318/v1/traces")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/traces")]
    [InlineData("https://otel.example.com/otlp", "https://otel.example.com/otlp/v1/traces")]
    [InlineData("http://collector:4318/v1/traces", "http://collector:4318/v1/traces")]
    public void HttpProtobuf_TracesPathAppendedOnce(string endpoint, string expected)
    {
        var settings = new TelemetrySettings { Otlp = { Endpoint = endpoint } };

        Assert.True(settings.Enabled);
        Assert.Empty(settings.Validate());
        Assert.Equal(new Uri(expected), settings.TracesEndpoint());
    }

    [Fact]
    public void Grpc_EndpointAsGiven()
    {
        var settings = new TelemetrySettings { Otlp = { Endpoint = "http://collector:4317", Protocol = "GRPC" } };

        Assert.True(settings.IsGrpc);
        Assert.Equal(new Uri("http://collector:4317"), settings.TracesEndpoint());
    }

    [Theory]
    [InlineData("not a url", "http/protobuf", 1.0, "Otlp:Endpoint")]
    [InlineData("ftp://collector", "http/protobuf", 1.0, "Otlp:Endpoint")]
    [InlineData("http://collector:4318", "http/json", 1.0, "Otlp:Protocol")]
    [InlineData("http://collector:4318", "grpc", 1.5, "SamplingRatio")]
    [InlineData("http://collector:4318", "grpc", -0.1, "SamplingRatio")]
    public void Invalid_SaysWhichSettingAndWhy(string endpoint, string protocol, double ratio, string setting)
    {
        var settings = new TelemetrySettings { Otlp = { Endpoint = endpoint, Protocol = protocol }, SamplingRatio = ratio };

        var error = Assert.Single(settings.Validate());
        Assert.Contains($"Cellular:Telemetry:{setting}", error, StringComparison.Ordinal);
        Assert.Contains("must", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToEnvironment_TheVariablesConfigurationReadsBack()
    {
        var settings = new TelemetrySettings { Otlp = { Endpoint = " http://collector:4317 ", Protocol = "grpc" }, SamplingRatio = 0.25 };

        var environment = settings.ToEnvironment();

        Assert.Equal("http://collector:4317", environment["Cellular__Telemetry__Otlp__Endpoint"]);
        Assert.Equal("grpc", environment["Cellular__Telemetry__Otlp__Protocol"]);
        Assert.Equal("0.25", environment["Cellular__Telemetry__SamplingRatio"]);
    }
}
