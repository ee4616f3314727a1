using ContextStore.Contract;

namespace ContextStore.UnitTests.Contract;

public class RequestNamesTests
{
    [Theory]
    [InlineData("%2F")]
    [InlineData("50%25")]
    [InlineData("%C3")]
    public void ASessionIdIsTakenAsGivenOnceDecoded(string sessionId) =>
        Assert.Equal(new SessionKey("le1", "bots", sessionId), RequestNames.Session("le1", "bots", sessionId));

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".")]
    [InlineData("..")]
    public void APropertyNameThatNoPathCanAddressIsRefused(string name) =>
        Assert.Throws<InvalidRequestException>(() => RequestNames.Property(name));

    [Fact]
    public void NoIncludeParameterMeansEveryProperty() =>
        Assert.Null(RequestNames.Include([]));

    [Fact]
    public void IncludeListsAreSplitOnCommasOnlyAndJoinedAcrossRepeats() =>
        Assert.Equal(["a", "b", "c"], RequestNames.Include(["a,b", "c,"]));

    [Fact]
    public void IncludeKeepsWhitespaceAsPartOfAName() =>
        Assert.Equal([" lead", "trail ", "\u00A0nbsp", "line\u2028sep"], RequestNames.Include([" lead,trail ,\u00A0nbsp,line\u2028sep"]));

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
        Assert.Null(Record.Exception(() => RequestNames.EnsureNoSessionNamedLikeARouteLiteral(path)));

    [Theory]
    [InlineData("/v1/account/le1/bots/./properties", true)]
    [InlineData("/v1/account/le1/bots/%2E%2e/properties", true)]
    [InlineData("/v1/account/le1/bots/s.1/properties?x=..", false)]
    [InlineData("/v1/account/le1/bots/s1/properties", false)]
    public void DotSegmentsAreFoundInThePathPlainOrEncodedButNotInTheQuery(string rawTarget, bool expected) =>
        Assert.Equal(expected, RequestNames.HasDotSegment(rawTarget));
}
