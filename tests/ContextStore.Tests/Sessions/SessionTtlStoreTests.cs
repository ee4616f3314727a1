using ContextStore.Sessions;

namespace ContextStore.Tests.Sessions;

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
    public async Task AChangedTtlAppliesFromTheSessionsNextWrite()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"a":1}""");
        await Ttls.SetAsync(key, 10, None);

        Store.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("""{"a":1}""", await ReadAsync(key));

        await WriteAsync(key, """{"b":2}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("{}", await ReadAsync(key));
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
    public async Task TtlRecordsSurviveTheExpiryOfTheirSession()
    {
        var key = Session("bots", "s1");
        await Ttls.SetAsync(key, 10, None);
        await WriteAsync(key, """{"a":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal("{}", await ReadAsync(key));
        Assert.Single(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
    }
}
