using System.Globalization;
using System.Text.RegularExpressions;

namespace Cellular.ControlPlane.Deployments;

/// <summary>A success condition <c>result {op} {number}</c>, e.g. <c>result &lt; 0.05</c>.</summary>
internal sealed partial record PrometheusCondition(string Operator, double Threshold)
{
    /// <summary>Parses <paramref name="text"/>; null when it is not of the form <c>result {op} {number}</c>.</summary>
    public static PrometheusCondition? Parse(string? text)
    {
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true }
            || !double.TryParse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold)
            || !double.IsFinite(threshold))
        {
            return null;
        }

        return new PrometheusCondition(match.Groups["op"].Value, threshold);
    }

    /// <summary>Whether <paramref name="value"/> meets the condition (NaN never does).</summary>
    public bool IsMet(double value) => !double.IsNaN(value) && Operator switch
    {
        "<" => value < Threshold,
        "<=" => value <= Threshold,
        ">" => value > Threshold,
        ">=" => value >= Threshold,
        "==" => value == Threshold,
        _ => value != Threshold,
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"result {Operator} {Threshold}");

    [GeneratedRegex(@"^\s*result\s*(?<op><=|>=|==|!=|<|>)\s*(?<number>[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)\s*$")]
    private static partial Regex Pattern();
}
