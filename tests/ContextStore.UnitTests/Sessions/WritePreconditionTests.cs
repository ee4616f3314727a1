using ContextStore.Sessions;

namespace ContextStore.UnitTests.Sessions;

/// <summary>The condition of a write as the store applies it: <c>*</c> or a set of versions (the HTTP layer parses If-Match).</summary>
public class WritePreconditionTests
{
    private const string Current = "\"abc\"";

    [Fact]
    public void AVersionMatchesOnlyItself()
    {
        Assert.True(WritePrecondition.OneOf(["\"abc\""]).IsMetBy("\"abc\""));
        Assert.False(WritePrecondition.OneOf(["\"abc\""]).IsMetBy("\"abd\""));
        Assert.False(WritePrecondition.OneOf(["\"ABC\""]).IsMetBy(Current));
        Assert.False(WritePrecondition.OneOf(["\"ab\"", "\"abcd\""]).IsMetBy(Current));
    }

    [Fact]
    public void TheAbsentVersionMatchesASessionWithoutDocument()
    {
        Assert.True(WritePrecondition.OneOf([SessionVersions.Absent]).IsMetBy(null));
        Assert.False(WritePrecondition.OneOf([SessionVersions.Absent]).IsMetBy(Current));
        Assert.False(WritePrecondition.OneOf([Current]).IsMetBy(null));
    }

    [Fact]
    public void ABareVersionMatchesItsQuotedForm()
    {
        Assert.True(WritePrecondition.OneOf(["\"abc\""]).IsMetBy("abc"));
        Assert.True(WritePrecondition.OneOf(["abc"]).IsMetBy("abc"));
        Assert.True(WritePrecondition.OneOf(["abc"]).IsMetBy(Current));
        Assert.False(WritePrecondition.OneOf(["abc, def"]).IsMetBy(Current));
    }

    [Fact]
    public void ASetMatchesWhenAnyOfItsVersionsIsTheCurrentOne()
    {
        Assert.True(WritePrecondition.OneOf(["\"x\"", Current]).IsMetBy(Current));
        Assert.True(WritePrecondition.OneOf([Current, "\"x\""]).IsMetBy(Current));
        Assert.False(WritePrecondition.OneOf(["\"x\"", "\"y\""]).IsMetBy(Current));
    }

    [Fact]
    public void AnEmptySetIsMetByNothing()
    {
        Assert.False(WritePrecondition.OneOf([]).IsMetBy(Current));
        Assert.False(WritePrecondition.OneOf([]).IsMetBy(null));
    }

    [Fact]
    public void AWeakCurrentVersionIsMatchedByNothing()
    {
        Assert.False(WritePrecondition.OneOf(["W/\"abc\"", "\"abc\""]).IsMetBy("W/\"abc\""));
        Assert.False(WritePrecondition.AnyLiveVersion.IsMetBy(null));
    }

    [Fact]
    public void AnyLiveVersionMatchesAnExistingSessionWhateverItsVersion()
    {
        Assert.True(WritePrecondition.AnyLiveVersion.IsMetBy(Current));
        Assert.True(WritePrecondition.AnyLiveVersion.IsMetBy("\"any-other\""));
        Assert.False(WritePrecondition.AnyLiveVersion.IsMetBy(null));
    }

    [Fact]
    public void OnlyAnyLiveVersionSurvivesAnotherWritersChange()
    {
        Assert.True(WritePrecondition.AnyLiveVersion.IsAnyLiveVersion);
        Assert.False(WritePrecondition.OneOf([Current]).IsAnyLiveVersion);
        Assert.False(WritePrecondition.OneOf([]).IsAnyLiveVersion);
    }
}
