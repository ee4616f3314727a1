using System.Net;
using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Namespaces;
using ContextStore.Sessions;
using ContextStore.Storage;

namespace ContextStore.IntegrationTests.Sessions;

public class SessionTtlStoreTests : StoreTestBase
{
    [Fact]
    public async Task ASessionExpiresAfterTheNamespaceTtlAndAWriteRefreshesIt()
    {
        await Namespaces.RegisterAsync(Account, "bots", 60, None);
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"a":1}""");

        Store.Clock.Advance(TimeSpan.FromSeconds(50));
        await WriteAsync(key, """{"b":2}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal("""{"a":1,"b":2}""", await ReadAsync(key));

        Store.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("{}", await ReadAsync(key));
        Assert.Null(await Properties.GetOneAsync(key, "a", None));
    }

    [Fact]
    public async Task TheSessionTtlOverridesTheNamespaceTtl()
    {
        await Namespaces.RegisterAsync(Account, "bots", 1000, None);
        var key = Session("bots", "short");
        await Ttls.SetAsync(key, 10, None);
        await WriteAsync(key, """{"a":1}""");
        await WriteAsync(Session("bots", "long"), """{"a":1}""");

        Store.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("{}", await ReadAsync(key));
        Assert.Equal("""{"a":1}""", await ReadAsync(Session("bots", "long")));
    }

    [Fact]
    public async Task ASessionTtlSetAfterTheLastWriteExpiresTheSessionThatTtlAfterTheT1Call()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"a":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(5));
        await Ttls.SetAsync(key, 10, None);

        Store.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("""{"a":1}""", await ReadAsync(key));

        Store.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("{}", await ReadAsync(key));
        Assert.Empty(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
    }

    [Fact]
    public async Task ANamespaceTtlChangedByN1AppliesFromTheSessionsNextWrite()
    {
        await Namespaces.RegisterAsync(Account, "bots", 10, None);
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"a":1}""");
        await Namespaces.RegisterAsync(Account, "bots", 100, None);

        Store.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("{}", await ReadAsync(key));

        await WriteAsync(key, """{"b":2}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(99));
        Assert.Equal("""{"b":2}""", await ReadAsync(key));
    }

    [Fact]
    public async Task RepeatingT1RestartsTheExpiryAsAWriteDoes()
    {
        var key = Session("bots", "s1");
        await Ttls.SetAsync(key, 10, None);
        await WriteAsync(key, """{"a":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(8));
        await Ttls.SetAsync(key, 10, None);

        Store.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("""{"a":1}""", await ReadAsync(key));
        Store.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("{}", await ReadAsync(key));
    }

    [Fact]
    public async Task ClearingTheSessionTtlRestartsTheExpiryByTheNamespaceTtl()
    {
        await Namespaces.RegisterAsync(Account, "bots", 100, None);
        var key = Session("bots", "s1");
        await Ttls.SetAsync(key, 10, None);
        await WriteAsync(key, """{"a":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(5));

        await Ttls.SetAsync(key, 0, None);

        Store.Clock.Advance(TimeSpan.FromSeconds(99));
        Assert.Equal("""{"a":1}""", await ReadAsync(key));
        Store.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("{}", await ReadAsync(key));
    }

    [Fact]
    public async Task ASessionWithOnlyATtlRecordExpires()
    {
        await Ttls.SetAsync(Session("bots", "s1"), 10, None);
        Store.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Single(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());

        Store.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
    }

    [Fact]
    public async Task DeletingAllPropertiesKeepsTheTtlRecordAndRestartsItsExpiry()
    {
        var key = Session("bots", "s1");
        await Ttls.SetAsync(key, 10, None);
        await WriteAsync(key, """{"a":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(8));

        await Properties.DeleteAllAsync(key, null, None);

        Store.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Single(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
        Store.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
    }

    [Fact]
    public async Task AWriteAfterExpiryStartsWithoutTheExpiredTtlRecord()
    {
        var key = Session("bots", "s1");
        await Ttls.SetAsync(key, 10, None);
        await WriteAsync(key, """{"old":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(10));

        await WriteAsync(key, """{"new":2}""");
        Store.Clock.Advance(TimeSpan.FromDays(365));

        Assert.Equal("""{"new":2}""", await ReadAsync(key));
        Assert.Empty(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
    }

    [Fact]
    public async Task AT1AfterExpiryStartsANewTtlRecord()
    {
        var key = Session("bots", "s1");
        await Ttls.SetAsync(key, 10, None);
        Store.Clock.Advance(TimeSpan.FromSeconds(20));
        var setAgain = Store.Clock.GetUtcNow();

        await Ttls.SetAsync(key, 10, None);

        var ttl = Assert.Single(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
        Assert.Equal(setAgain, ttl.CreatedAt);
    }

    [Fact]
    public async Task EverySessionDocumentThatExpiresCarriesCosmosDbsTtlAndOneThatNeverDoesNone()
    {
        await Namespaces.RegisterAsync(Account, "bots", 60, None);
        await WriteAsync(Session("bots", "s1"), """{"a":1}""");
        await Ttls.SetAsync(Session("plain", "record"), 30, None);
        await WriteAsync(Session("plain", "forever"), """{"a":1}""");

        Assert.Equal(61, (await StoredAsync(Session("bots", "s1"))).GetProperty("ttl").GetInt32());
        Assert.Equal(31, (await StoredAsync(Session("plain", "record"))).GetProperty("ttl").GetInt32());
        Assert.False((await StoredAsync(Session("plain", "forever"))).TryGetProperty("ttl", out _));
    }

    [Fact]
    public async Task CosmosDbsTtlNeverRunsOutBeforeTheExactExpiryOnTheRealClock()
    {
        await using var realTime = Store.AnotherInstance(TimeProvider.System);
        var properties = realTime.Get<SessionProperties>();
        await realTime.Get<NamespaceRegistry>().RegisterAsync(Account, "real", 3600, None);
        for (var i = 0; i < 20; i++)
        {
            var key = Session("real", $"s{i}");
            await properties.MergeAsync(key, Json("""{"a":1}"""), null, None);
            var stored = await StoredAsync(key);
            var hiddenAt = (stored.GetProperty("_ts").GetInt64() + stored.GetProperty("ttl").GetInt64()) * 1000;
            Assert.True(hiddenAt >= stored.GetProperty("expiresAt").GetInt64(), stored.ToString());
            await Task.Delay(37);
        }
    }

    [Fact]
    public async Task AWriteAfterExpiryStartsFromAnEmptySession()
    {
        await Namespaces.RegisterAsync(Account, "bots", 10, None);
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"old":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(11));

        await WriteAsync(key, """{"new":2}""");

        Assert.Equal("""{"new":2}""", await ReadAsync(key));
    }

    [Fact]
    public async Task DeletingASessionsPropertiesKeepsItsTtl()
    {
        var key = Session("bots", "s1");
        await Ttls.SetAsync(key, 100, None);
        await WriteAsync(key, """{"a":1}""");

        await Properties.DeleteAllAsync(key, null, None);

        Assert.Equal("{}", await ReadAsync(key));
        var ttl = Assert.Single(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
        Assert.Equal(("s1", 100), (ttl.SessionId, ttl.TtlSecond));
    }

    [Fact]
    public async Task SessionTtlsAreListedInOrderWithWhenTheyWereFirstSet()
    {
        var firstSet = Store.Clock.GetUtcNow();
        await Ttls.SetAsync(Session("bots", "b"), 100, None);
        Store.Clock.Advance(TimeSpan.FromSeconds(5));
        await Ttls.SetAsync(Session("bots", "a"), 50, None);
        await Ttls.SetAsync(Session("bots", "b"), 200, None);
        await Ttls.SetAsync(Session("other", "c"), 10, None);

        var ttls = await Ttls.StreamAsync(Account, "bots", None).ToListAsync();

        Assert.Equal(["a", "b"], ttls.Select(t => t.SessionId));
        Assert.Equal(200, ttls[1].TtlSecond);
        Assert.Equal(firstSet, ttls[1].CreatedAt);
    }

    [Fact]
    public async Task ATtlOfZeroClearsTheSessionTtl()
    {
        var key = Session("bots", "s1");
        await Ttls.SetAsync(key, 100, None);
        await Ttls.SetAsync(key, 0, None);

        Assert.Empty(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
    }

    [Fact]
    public async Task DeletingTheSessionRemovesItsPropertiesAndItsTtl()
    {
        var key = Session("bots", "s1");
        await Ttls.SetAsync(key, 100, None);
        await WriteAsync(key, """{"a":1}""");

        await Ttls.DeleteSessionAsync(key, None);
        await Ttls.DeleteSessionAsync(key, None);

        Assert.Equal("{}", await ReadAsync(key));
        Assert.Empty(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
    }

    [Fact]
    public async Task AnExpiredSessionVanishesWholeWithItsTtlRecord()
    {
        var key = Session("bots", "s1");
        await Ttls.SetAsync(key, 10, None);
        await WriteAsync(key, """{"a":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("{}", await ReadAsync(key));
        Assert.Empty(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
    }

    private async Task<JsonElement> StoredAsync(SessionKey key)
    {
        using var response = await Store.Get<ContextContainer>().Container.ReadItemStreamAsync(
            SessionDocument.DocumentId, ContextContainer.SessionPartition(key));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonDocument.ParseAsync(response.Content)).RootElement.Clone();
    }
}
