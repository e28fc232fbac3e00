using Cellular.Core.Model;

namespace Cellular.Core.Tests.Model;

public sealed class IdsTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("Acme-Corp_2.eu")]
    [InlineData("a")]
    public void IsValidTenantId_LegalIds_Accepted(string id)
    {
        Assert.True(Ids.IsValidTenantId(id));
        Assert.Null(Ids.DescribeInvalidTenantId(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("acme corp")]
    [InlineData("acme/evil")]
    [InlineData("ä")]
    [InlineData("acme\n")]
    [InlineData("../etc")]
    public void IsValidTenantId_IllegalIds_Refused(string id)
    {
        Assert.False(Ids.IsValidTenantId(id));
        Assert.NotNull(Ids.DescribeInvalidTenantId(id));
    }

    [Fact]
    public void IsValidTenantId_LengthLimit_Is128()
    {
        Assert.True(Ids.IsValidTenantId(new string('a', 128)));
        Assert.False(Ids.IsValidTenantId(new string('a', 129)));
        Assert.Contains("129", Ids.DescribeInvalidTenantId(new string('a', 129)));
    }

    [Theory]
    [InlineData("c1", true)]
    [InlineData("eu-west.cell_7", true)]
    [InlineData("C1", false)]
    [InlineData("", false)]
    [InlineData("c 1", false)]
    public void IsValidCellId_LowerCaseOnly(string id, bool valid)
    {
        Assert.Equal(valid, Ids.IsValidCellId(id));
        Assert.Equal(valid, Ids.DescribeInvalidCellId(id) is null);
    }

    [Fact]
    public void DescribeInvalidTenantId_Null_SaysMissing()
    {
        Assert.Contains("missing", Ids.DescribeInvalidTenantId(null));
    }
}
