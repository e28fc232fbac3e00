using Cellular.ControlPlane.Deployments;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Tests.Deployments;

/// <summary>The condition parser, the placeholders, the answer parser and the options' validation of the Prometheus gate.</summary>
public sealed class PrometheusPiecesTests
{
    [Theory]
    [InlineData("result < 0.05", 0.04, true)]
    [InlineData("result < 0.05", 0.05, false)]
    [InlineData("result<=1e-3", 0.001, true)]
    [InlineData(" result >= 10 ", 10, true)]
    [InlineData("result > -1", -2, false)]
    [InlineData("result == 0", 0, true)]
    [InlineData("result != 0", 0, false)]
    public void Condition_Parses_AndJudges(string text, double value, bool met)
    {
        var condition = PrometheusCondition.Parse(text);

        Assert.NotNull(condition);
        Assert.Equal(met, condition!.IsMet(value));
        Assert.False(condition.IsMet(double.NaN));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("result")]
    [InlineData("result < ")]
    [InlineData("x < 1")]
    [InlineData("result ~ 1")]
    [InlineData("result < NaN")]
    [InlineData("result < 1 or 2")]
    public void Condition_Malformed_IsNull(string? text) => Assert.Null(PrometheusCondition.Parse(text));

    [Fact]
    public void Expand_FillsEveryPlaceholder()
    {
        var query = PrometheusGate.Expand("x{cell=\"{{cell}}\",v=\"{{version}}\"}[{{window}}] or y{cell=~\"{{cells}}\"}", "c1", ["c1", "c.2"], "2.0.0", "30s");

        Assert.Equal("x{cell=\"c1\",v=\"2.0.0\"}[30s] or y{cell=~\"c1|c\\.2\"}", query);
    }

    [Fact]
    public void Parse_VectorAndScalarAndErrors()
    {
        var vector = PrometheusClient.Parse("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"cell":"c1"},"value":[1,"0.5"]},{"metric":{},"value":[1,"NaN"]}]}}""");
        Assert.Null(vector.Error);
        Assert.Equal([new PrometheusSample("{cell=\"c1\"}", 0.5)], vector.Samples.Take(1));
        Assert.True(double.IsNaN(vector.Samples[1].Value));

        var scalar = PrometheusClient.Parse("""{"status":"success","data":{"resultType":"scalar","result":[1,"3"]}}""");
        Assert.Equal(3, Assert.Single(scalar.Samples).Value);

        Assert.NotNull(PrometheusClient.Parse("""{"status":"success","data":{"resultType":"matrix","result":[]}}""").Error);
        Assert.NotNull(PrometheusClient.Parse("not json").Error);
        Assert.Contains("bad_data", PrometheusClient.Parse("""{"status":"error","errorType":"bad_data","error":"bad_data: parse error"}""").Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://x", null, "00:00:05", "00:00:10", "Url")]
    [InlineData("http://x?q=1", null, "00:00:05", "00:00:10", "Url")]
    [InlineData(null, "/tmp/token", "00:00:05", "00:00:10", "BearerTokenFile")]
    [InlineData("http://x", null, "00:00:00.010", "00:00:10", "Timeout")]
    [InlineData("http://x", null, "00:00:05", "00:00:00.500", "Interval")]
    public void Options_Invalid_NameTheKey(string? url, string? tokenFile, string timeout, string interval, string key)
    {
        var result = new PrometheusOptionsValidator().Validate(null, new PrometheusOptions
        {
            Url = url,
            BearerTokenFile = tokenFile,
            Timeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture),
            Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.True(result.Failed);
        Assert.Contains($"Cellular:ControlPlane:Prometheus:{key}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreValid() => Assert.Equal(ValidateOptionsResult.Success, new PrometheusOptionsValidator().Validate(null, new PrometheusOptions()));
}
