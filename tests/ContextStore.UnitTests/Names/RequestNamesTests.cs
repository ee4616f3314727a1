using ContextStore.Names;

namespace ContextStore.UnitTests.Names;

public class RequestNamesTests
{
    [Theory]
    [InlineData("a%2Fb")]
    [InlineData("a%2fb")]
    [InlineData("a%5Cb")]
    [InlineData("caf%C3")]
    [InlineData("%FF")]
    public void ASessionIdWithAnEncodedSeparatorOrANonUtf8ByteIsRefused(string sessionId) =>
        Assert.Throws<InvalidRequestException>(() => RequestNames.Session("le1", "bots", sessionId));

    [Fact]
    public void ASessionIdWithAnEncodedPercentTextIsAccepted() =>
        Assert.Equal(new SessionKey("le1", "bots", "50%25"), RequestNames.Session("le1", "bots", "50%25"));

    [Fact]
    public void APropertyNameWithAnEncodedSlashIsRefused() =>
        Assert.Throws<InvalidRequestException>(() => RequestNames.Property("a%2Fb"));

    [Fact]
    public void NoIncludeParameterMeansEveryProperty() =>
        Assert.Null(RequestNames.Include([]));

    [Fact]
    public void IncludeListsAreSplitOnCommasTrimmedAndJoinedAcrossRepeats() =>
        Assert.Equal(["a", "b", "c"], RequestNames.Include(["a, b", "c,"]));

    [Fact]
    public void AnIncludedNameWithASlashIsRefused() =>
        Assert.Throws<InvalidRequestException>(() => RequestNames.Include(["a/b"]));

    [Theory]
    [InlineData("/v1/account/le1/bots/Properties/properties")]
    [InlineData("/v1/account/le1/bots/PROPERTIES/properties/")]
    public void ASessionSpelledLikeTheRouteLiteralPropertiesIsRefused(string path) =>
        Assert.Throws<InvalidRequestException>(() => RequestNames.EnsureNoSessionNamedLikeARouteLiteral(path));

    [Theory]
    [InlineData("/v1/account/le1/bots/properties/properties")]
    [InlineData("/v1/account/le1/bots/s1/properties")]
    [InlineData("/v1/account/le1/bots/properties")]
    public void OtherPathsPassTheRouteLiteralCheck(string path) =>
        RequestNames.EnsureNoSessionNamedLikeARouteLiteral(path);

    [Theory]
    [InlineData("/v1/account/le1/bots/./properties", true)]
    [InlineData("/v1/account/le1/bots/%2E%2e/properties", true)]
    [InlineData("/v1/account/le1/bots/s.1/properties?x=..", false)]
    [InlineData("/v1/account/le1/bots/s1/properties", false)]
    public void DotSegmentsAreFoundInThePathPlainOrEncodedButNotInTheQuery(string rawTarget, bool expected) =>
        Assert.Equal(expected, RequestNames.HasDotSegment(rawTarget));
}
