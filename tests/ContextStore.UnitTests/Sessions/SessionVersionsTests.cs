using ContextStore.Sessions;

namespace ContextStore.UnitTests.Sessions;

public class SessionVersionsTests
{
    [Fact]
    public void ABareVersionIsQuotedAndAQuotedOneIsKept()
    {
        Assert.Equal("\"abc\"", SessionVersions.Quoted("abc"));
        Assert.Equal("\"abc\"", SessionVersions.Quoted("\"abc\""));
        Assert.Equal("W/\"abc\"", SessionVersions.Quoted("W/\"abc\""));
    }
}
