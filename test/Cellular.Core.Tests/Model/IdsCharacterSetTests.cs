using Cellular.Core.Model;

namespace Cellular.Core.Tests.Model;

public sealed class IdsCharacterSetTests
{
    [Fact]
    public void IsValidTenantId_EveryUtf16CodeUnit_AcceptedExactlyWhenAsciiLetterDigitDotUnderscoreOrDash()
    {
        for (var c = char.MinValue; c < char.MaxValue; c++)
        {
            var expected = char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

            Assert.Equal(expected && c != '.', Ids.IsValidTenantId([c]));
            Assert.Equal(expected, Ids.IsValidTenantId(['a', c, 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q']));
        }
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("...")]
    public void Ids_OnlyDots_AreRefusedForTenantsAndCells(string id)
    {
        Assert.False(Ids.IsValidTenantId(id));
        Assert.False(Ids.IsValidCellId(id));
        Assert.Contains("only of dots", Ids.DescribeInvalidCellId(id), StringComparison.Ordinal);
        Assert.Contains("only of dots", Ids.DescribeInvalidTenantId(id), StringComparison.Ordinal);
        Assert.True(Ids.IsValidTenantId(id + "a"));
    }
}
