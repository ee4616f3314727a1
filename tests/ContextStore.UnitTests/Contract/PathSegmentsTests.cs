using ContextStore.Contract;

namespace ContextStore.UnitTests.Contract;

public class PathSegmentsTests
{
    [Theory]
    [InlineData("/v1/account/le1/bots/s1/properties/p", 3, "s1")]
    [InlineData("/v1/account/le1/bots/s1/properties/p/", 1, "p")]
    [InlineData("/v1/account/le1/bots/s%252F/properties?include=a/b", 2, "s%252F")]
    [InlineData("http://localhost:7071/v1/account/le1/bots/s1/properties", 2, "s1")]
    public void TheSegmentIsFoundAsSentCountedFromTheEnd(string rawTarget, int fromEnd, string expected) =>
        Assert.Equal(expected, PathSegments.Raw(rawTarget, ^fromEnd));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("%252F", "%2F")]
    [InlineData("%2F", "/")]
    [InlineData("%5c", "\\")]
    [InlineData("50%25", "50%")]
    [InlineData("caf%C3%A9", "café")]
    [InlineData("%2E", ".")]
    [InlineData("%25C3", "%C3")]
    public void ASegmentIsDecodedExactlyOnce(string raw, string expected) =>
        Assert.Equal(expected, PathSegments.DecodeOnce(raw, "name"));

    [Theory]
    [InlineData("%C3")]
    [InlineData("%FF")]
    [InlineData("%ED%A0%80")]
    [InlineData("%")]
    [InlineData("a%2")]
    [InlineData("%zz")]
    public void ASegmentThatIsNotPercentEncodedUtf8IsRefused(string raw) =>
        Assert.Throws<InvalidRequestException>(() => PathSegments.DecodeOnce(raw, "name"));
}
