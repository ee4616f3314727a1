using System.Text.Json;
using ContextStore.Json;
using ContextStore.Names;
using ContextStore.Sessions;
using ContextStore.Storage;

namespace ContextStore.UnitTests.Storage;

public class SessionDocumentTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionKey Key = new("le1", "bots", "s1");

    private static StoredProperties Props(string json) =>
        StoredProperties.FromElements(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!);

    [Fact]
    public void AWriteRestartsTheExpiryFromTheWriteTime()
    {
        var first = SessionDocument.Empty(Key).WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: 60);
        var second = first.WithProperties(Props("""{"a":2}"""), Noon.AddSeconds(50), namespaceTtl: 60);

        Assert.Equal(Noon.AddSeconds(60).ToUnixTimeMilliseconds(), first.ExpiresAt);
        Assert.Equal(Noon.AddSeconds(110).ToUnixTimeMilliseconds(), second.ExpiresAt);
    }

    [Fact]
    public void ASessionTtlSetAfterTheLastWriteAppliesFromTheNextWrite()
    {
        var written = SessionDocument.Empty(Key).WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: null);
        var withTtl = written.WithOwnTtl(30, Noon.AddSeconds(5));
        Assert.Equal(SessionExpiry.Never, withTtl.ExpiresAt);

        var rewritten = withTtl.WithProperties(Props("""{"a":2}"""), Noon.AddSeconds(10), namespaceTtl: null);
        Assert.Equal(Noon.AddSeconds(40).ToUnixTimeMilliseconds(), rewritten.ExpiresAt);
    }

    [Fact]
    public void TheSessionTtlOverridesTheNamespaceTtlOnWrite()
    {
        var session = SessionDocument.Empty(Key).WithOwnTtl(10, Noon)
            .WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: 1000);
        Assert.Equal(Noon.AddSeconds(10).ToUnixTimeMilliseconds(), session.ExpiresAt);
    }

    [Fact]
    public void AnExpiredSessionReadsAsEmpty()
    {
        var session = SessionDocument.Empty(Key).WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: 60);
        Assert.Single(session.LiveProperties(Noon.AddSeconds(59)).Values);
        Assert.Empty(session.LiveProperties(Noon.AddSeconds(60)).Values);
    }

    [Fact]
    public void ResettingTheSessionTtlKeepsWhenItWasFirstSet()
    {
        var session = SessionDocument.Empty(Key).WithOwnTtl(10, Noon).WithOwnTtl(20, Noon.AddHours(1));
        Assert.Equal(20, session.TtlSecond);
        Assert.Equal(Noon.ToUnixTimeMilliseconds(), session.TtlCreatedAt);
    }

    [Fact]
    public void ATtlOfZeroClearsTheSessionTtl()
    {
        var session = SessionDocument.Empty(Key).WithOwnTtl(10, Noon).WithOwnTtl(0, Noon);
        Assert.Null(session.TtlSecond);
        Assert.Null(session.TtlCreatedAt);
    }

    [Fact]
    public void RemovingAllPropertiesKeepsTheSessionTtl()
    {
        var session = SessionDocument.Empty(Key).WithOwnTtl(10, Noon)
            .WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: null)
            .WithoutProperties();

        Assert.Empty(session.Properties.Values);
        Assert.Equal(10, session.TtlSecond);
        Assert.True(session.IsWorthKeeping(Noon));
    }

    [Fact]
    public void ASessionWithNeitherLivePropertiesNorItsOwnTtlIsNotWorthKeeping()
    {
        var expired = SessionDocument.Empty(Key).WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: 60);
        Assert.True(expired.IsWorthKeeping(Noon));
        Assert.False(expired.IsWorthKeeping(Noon.AddSeconds(60)));
        Assert.False(SessionDocument.Empty(Key).IsWorthKeeping(Noon));
    }
}
