using ContextStore.Contract;

namespace ContextStore.UnitTests.Contract;

public class RequestParametersTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("100", 100)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("00000000001", 1)]
    [InlineData("0000", 0)]
    [InlineData("0002147483647", int.MaxValue)]
    public void TtlSecondIsAnIntegerFromZeroToIntMax(string value, int expected) =>
        Assert.Equal(expected, RequestParameters.ParseTtlSecond(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("2147483648")]
    [InlineData("99999999999999")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData(" 10")]
    [InlineData("+10")]
    [InlineData("ten")]
    public void OtherTtlSecondValuesAreRefused(string? value) =>
        Assert.Throws<InvalidRequestException>(() => RequestParameters.ParseTtlSecond(value));

    [Fact]
    public void PagingDefaultsToPageZeroOfOneHundred() =>
        Assert.Equal(new PageRequest(0, 100), RequestParameters.ParsePage(null, null));

    [Theory]
    [InlineData("0", "1", 0, 1)]
    [InlineData("3", "1000", 3, 1000)]
    [InlineData("2147483647", "50", int.MaxValue, 50)]
    [InlineData("0001", "001000", 1, 1000)]
    [InlineData("2147483648", "10", int.MaxValue, 10)]
    [InlineData("99999999999999999999", null, int.MaxValue, 100)]
    public void PageIsZeroOrMoreAndPerPageIsOneToOneThousand(string page, string? perPage, int expectedPage, int expectedPerPage) =>
        Assert.Equal(new PageRequest(expectedPage, expectedPerPage), RequestParameters.ParsePage(page, perPage));

    [Theory]
    [InlineData("-1", null)]
    [InlineData("x", null)]
    [InlineData("1.0", null)]
    [InlineData(null, "0")]
    [InlineData(null, "1001")]
    [InlineData(null, "100000000000")]
    [InlineData(null, "-5")]
    [InlineData(null, "")]
    [InlineData(null, "0000")]

    public void OtherPagingValuesAreRefused(string? page, string? perPage) =>
        Assert.Throws<InvalidRequestException>(() => RequestParameters.ParsePage(page, perPage));

    [Fact]
    public void ThePageOffsetDoesNotOverflow() =>
        Assert.Equal((long)int.MaxValue * 1000, new PageRequest(int.MaxValue, 1000).Skip);
}
