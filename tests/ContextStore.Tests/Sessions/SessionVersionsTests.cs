using ContextStore.Sessions;

namespace ContextStore.Tests.Sessions;

public class SessionVersionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*")]
    [InlineData(" * ")]
    public void NoIfMatchOrAStarImposesNoCondition(string? ifMatch) => Assert.Null(SessionVersions.ConditionFrom(ifMatch));

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
}
