using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Json;
using ContextStore.Storage;

namespace ContextStore.UnitTests.Storage;

public class SessionDocumentTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionKey Key = new("le1", "bots", "s1");

    private static StoredProperties Props(string json) =>
        StoredProperties.FromElements(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!);

    private static long At(int seconds) => Noon.AddSeconds(seconds).ToUnixTimeMilliseconds();

    [Fact]
    public void AWriteRestartsTheExpiryFromTheWriteTime()
    {
        var first = SessionDocument.Empty(Key).WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: 60);
        var second = first.WithProperties(Props("""{"a":2}"""), Noon.AddSeconds(50), namespaceTtl: 60);

        Assert.Equal(At(60), first.ExpiresAt);
        Assert.Equal(At(110), second.ExpiresAt);
    }

    [Fact]
    public void ASessionTtlSetAfterTheLastWriteRestartsTheExpiryFromTheT1Call()
    {
        var written = SessionDocument.Empty(Key).WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: null);

        var withTtl = written.WithOwnTtl(30, Noon.AddSeconds(5), namespaceTtl: null);

        Assert.Equal(At(35), withTtl.ExpiresAt);
        Assert.Equal(At(5), withTtl.LastWriteAt);
    }

    [Fact]
    public void ASessionWithOnlyItsOwnTtlExpiresThatTtlAfterT1()
    {
        var record = SessionDocument.Empty(Key).WithOwnTtl(10, Noon, namespaceTtl: 1000);

        Assert.Equal(At(10), record.ExpiresAt);
        Assert.True(record.IsWorthKeeping(Noon.AddSeconds(9)));
        Assert.False(record.IsLive(Noon.AddSeconds(10)));
        Assert.False(record.IsWorthKeeping(Noon.AddSeconds(10)));
    }

    [Fact]
    public void ClearingTheSessionTtlRestartsTheExpiryByTheNamespaceTtl()
    {
        var session = SessionDocument.Empty(Key).WithOwnTtl(10, Noon, namespaceTtl: 100)
            .WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: 100);

        var cleared = session.WithOwnTtl(0, Noon.AddSeconds(5), namespaceTtl: 100);

        Assert.Equal(At(105), cleared.ExpiresAt);
        Assert.Equal(SessionExpiry.Never, session.WithOwnTtl(0, Noon.AddSeconds(5), namespaceTtl: null).ExpiresAt);
    }

    [Fact]
    public void TheSessionTtlOverridesTheNamespaceTtlOnWrite()
    {
        var session = SessionDocument.Empty(Key).WithOwnTtl(10, Noon, namespaceTtl: 1000)
            .WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: 1000);
        Assert.Equal(At(10), session.ExpiresAt);
    }

    [Fact]
    public void AnExpiredSessionReadsAsEmpty()
    {
        var session = SessionDocument.Empty(Key).WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: 60);
        Assert.Single(session.LiveProperties(Noon.AddSeconds(59)).Values);
        Assert.Empty(session.LiveProperties(Noon.AddSeconds(60)).Values);
    }

    [Fact]
    public void ASessionOfADeletedNamespaceReadsAsGoneAndTheMarkIsNeverStored()
    {
        var session = SessionDocument.Empty(Key).WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: null) with { InDeletedNamespace = true };

        Assert.False(session.IsLive(Noon));
        Assert.Empty(session.LiveProperties(Noon).Values);
        Assert.DoesNotContain("InDeletedNamespace", JsonSerializer.Serialize(session, CosmosJson.Options), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ResettingTheSessionTtlKeepsWhenItWasFirstSet()
    {
        var session = SessionDocument.Empty(Key).WithOwnTtl(10, Noon, null).WithOwnTtl(20, Noon.AddHours(1), null);
        Assert.Equal(20, session.TtlSecond);
        Assert.Equal(Noon.ToUnixTimeMilliseconds(), session.TtlCreatedAt);
    }

    [Fact]
    public void ATtlOfZeroClearsTheSessionTtl()
    {
        var session = SessionDocument.Empty(Key).WithOwnTtl(10, Noon, null).WithOwnTtl(0, Noon, null);
        Assert.Null(session.TtlSecond);
        Assert.Null(session.TtlCreatedAt);
    }

    [Fact]
    public void RemovingAllPropertiesKeepsTheSessionTtlAndRestartsItsExpiry()
    {
        var session = SessionDocument.Empty(Key).WithOwnTtl(10, Noon, null)
            .WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: null)
            .WithoutProperties(Noon.AddSeconds(8));

        Assert.Empty(session.Properties.Values);
        Assert.Equal(10, session.TtlSecond);
        Assert.Equal(At(18), session.ExpiresAt);
        Assert.True(session.IsWorthKeeping(Noon.AddSeconds(17)));
    }

    [Fact]
    public void ASessionWithNeitherLivePropertiesNorItsOwnTtlIsNotWorthKeeping()
    {
        var expired = SessionDocument.Empty(Key).WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: 60);
        Assert.True(expired.IsWorthKeeping(Noon));
        Assert.False(expired.IsWorthKeeping(Noon.AddSeconds(60)));
        Assert.False(SessionDocument.Empty(Key).IsWorthKeeping(Noon));
        Assert.False(SessionDocument.Empty(Key).WithProperties(Props("{}"), Noon, namespaceTtl: null).IsWorthKeeping(Noon));
    }

    [Fact]
    public void EveryWriteOfAnExpiringSessionCarriesCosmosDbsTtlAndANeverExpiringOneNone()
    {
        var expiring = SessionDocument.Empty(Key).WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: 60);
        var lasting = SessionDocument.Empty(Key).WithProperties(Props("""{"a":1}"""), Noon, namespaceTtl: null);

        Assert.Equal(SessionExpiry.NativeTtl(expiring.ExpiresAt, Noon), expiring.Ttl);
        Assert.Equal(61, ReadTtl(expiring));
        Assert.Null(lasting.Ttl);
        Assert.Null(ReadTtl(lasting));
        Assert.Equal(11, ReadTtl(lasting.WithOwnTtl(10, Noon, namespaceTtl: null)));
        Assert.Null(ReadTtl(lasting.WithOwnTtl(10, Noon, null).WithOwnTtl(0, Noon, null)));
    }

    /// <summary>The ttl as Cosmos DB receives it: absent, not null, when the document never expires.</summary>
    private static int? ReadTtl(SessionDocument document)
    {
        using var json = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(document, CosmosJson.Options));
        return json.RootElement.TryGetProperty("ttl", out var ttl) ? ttl.GetInt32() : null;
    }
}
