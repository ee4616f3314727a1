using ContextStore.Sessions;

namespace ContextStore.UnitTests.Sessions;

public class SessionVersionsTests
{
    private const string Current = "\"abc\"";

    [Fact]
    public void AnETagMatchesOnlyItself()
    {
        Assert.True(SessionVersions.Matches("\"abc\"", "\"abc\""));
        Assert.False(SessionVersions.Matches("\"abc\"", "\"abd\""));
    }

    [Fact]
    public void TheAbsentVersionMatchesASessionWithoutDocument()
    {
        Assert.True(SessionVersions.Matches(SessionVersions.Absent, null));
        Assert.False(SessionVersions.Matches(SessionVersions.Absent, "\"abc\""));
    }

    [Fact]
    public void ABareVersionIsQuotedAndMatchesItsQuotedForm()
    {
        Assert.Equal("\"abc\"", SessionVersions.Quoted("abc"));
        Assert.Equal("\"abc\"", SessionVersions.Quoted("\"abc\""));
        Assert.True(SessionVersions.Matches("\"abc\"", "abc"));
    }

    [Fact]
    public void AVersionWithoutAnyQuoteIsOneBareVersion()
    {
        Assert.True(SessionVersions.Matches("abc", "abc"));
        Assert.True(SessionVersions.Matches("abc", Current));
        Assert.False(SessionVersions.Matches("abc, def", Current));
        Assert.False(SessionVersions.Matches("abd", Current));
    }

    [Theory]
    [InlineData("\"x\", \"abc\"")]
    [InlineData("\"abc\", \"x\"")]
    [InlineData("\"x\",\"y\",\"abc\"")]
    [InlineData("\"x\" ,\t\"abc\"")]
    [InlineData(", ,\"x\", , \"abc\",")]
    [InlineData("W/\"x\", \"abc\"")]
    [InlineData("\"x\",\"abc\"")] // two If-Match lines, joined with a comma by the server
    public void AListMatchesWhenAnyOfItsETagsIsTheCurrentOne(string ifMatch) =>
        Assert.True(SessionVersions.Matches(ifMatch, Current));

    [Theory]
    [InlineData("\"x\", \"y\"")]
    [InlineData("\"ab\", \"abcd\"")]
    [InlineData("\"ABC\"")]
    public void AListWithoutTheCurrentETagDoesNotMatch(string ifMatch) =>
        Assert.False(SessionVersions.Matches(ifMatch, Current));

    [Theory]
    [InlineData("W/\"abc\"")]
    [InlineData("W/\"x\", W/\"abc\"")]
    public void AWeakETagNeverMatchesBecauseIfMatchComparesStrongly(string ifMatch) =>
        Assert.False(SessionVersions.Matches(ifMatch, Current));

    [Fact]
    public void AWeakCurrentVersionIsMatchedByNothing() =>
        Assert.False(SessionVersions.Matches("W/\"abc\", \"abc\"", "W/\"abc\""));

    [Fact]
    public void AStarMatchesAnExistingSessionWhateverItsVersion()
    {
        Assert.True(SessionVersions.Matches("*", Current));
        Assert.True(SessionVersions.Matches("*", "\"any-other\""));
    }

    [Fact]
    public void AStarDoesNotMatchASessionWithoutDocument() => Assert.False(SessionVersions.Matches("*", null));

    [Theory]
    [InlineData("\"abc")] // unterminated
    [InlineData("\"abc\" \"x\"")] // no comma between tags
    [InlineData("\"x\", abc")] // one bad element spoils the list
    [InlineData("\"x\", *, \"abc\"")] // * is only valid alone
    [InlineData("w/\"abc\"")] // the weak prefix is case-sensitive
    [InlineData("\"a\"bc\"")]
    [InlineData(",")]
    public void AMalformedIfMatchMatchesNothing(string ifMatch)
    {
        Assert.False(SessionVersions.Matches(ifMatch, Current));
        Assert.False(SessionVersions.Matches(ifMatch, "abc"));
        Assert.False(SessionVersions.Matches(ifMatch, null));
    }

    [Fact]
    public void TheParserKeepsEachTagWithItsQuotesAndWeakness()
    {
        var condition = IfMatchCondition.Parse("W/\"a\", \"b,c\" ,\"\"");

        Assert.False(condition.MatchesAnyVersion);
        Assert.Equal([new EntityTag("\"a\"", true), new EntityTag("\"b,c\"", false), new EntityTag("\"\"", false)], condition.Tags);
    }

    [Fact]
    public void OnlyAStarConditionSurvivesAnotherWritersChange()
    {
        Assert.True(SessionVersions.IsAnyVersion(" * "));
        Assert.False(SessionVersions.IsAnyVersion("\"abc\""));
        Assert.False(SessionVersions.IsAnyVersion("\"x\", *"));
    }
}
