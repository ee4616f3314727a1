using ContextStore.Contract;

namespace ContextStore.IntegrationTests.Sessions;

public class SessionListingStoreTests : StoreTestBase
{
    [Fact]
    public async Task SessionIdsAreListedInOrdinalOrderIncludingTheDefaultSession()
    {
        foreach (var id in new[] { "b", "B", "a", "__default__", "a1" })
        {
            await WriteAsync(Session("bots", id), """{"x":1}""");
        }

        var ids = await Listing.ListIdsAsync(Account, "bots", PageRequest.First, None);

        Assert.Equal(["B", "__default__", "a", "a1", "b"], ids);
    }

    [Fact]
    public async Task OnlySessionsWithALivePropertyAreListed()
    {
        await Namespaces.RegisterAsync(Account, "bots", 60, None);
        await WriteAsync(Session("bots", "expiring"), """{"x":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(30));
        await WriteAsync(Session("bots", "live"), """{"x":1}""");
        await WriteAsync(Session("bots", "emptied"), """{"x":1}""");
        await Properties.DeleteAllAsync(Session("bots", "emptied"), null, None);
        await Ttls.SetAsync(Session("bots", "ttl-only"), 100, None);
        Store.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(["live"], await Listing.ListIdsAsync(Account, "bots", PageRequest.First, None));
    }

    [Fact]
    public async Task PagesFollowPageAndPerPage()
    {
        for (var i = 0; i < 7; i++)
        {
            await WriteAsync(Session("bots", $"s{i}"), """{"x":1}""");
        }

        Assert.Equal(["s0", "s1", "s2"], await Listing.ListIdsAsync(Account, "bots", new PageRequest(0, 3), None));
        Assert.Equal(["s3", "s4", "s5"], await Listing.ListIdsAsync(Account, "bots", new PageRequest(1, 3), None));
        Assert.Equal(["s6"], await Listing.ListIdsAsync(Account, "bots", new PageRequest(2, 3), None));
        Assert.Empty(await Listing.ListIdsAsync(Account, "bots", new PageRequest(3, 3), None));
        Assert.Empty(await Listing.ListIdsAsync(Account, "bots", new PageRequest(int.MaxValue, 1000), None));
    }

    [Fact]
    public async Task SessionsAreListedWithTheirPropertiesAndOnlyFromTheirNamespace()
    {
        await WriteAsync(Session("bots", "s2"), """{"b":2}""");
        await WriteAsync(Session("bots", "s1"), """{"a":1}""");
        await WriteAsync(Session("agents", "s0"), """{"c":3}""");

        var page = await Listing.ListPageAsync(Account, "bots", PageRequest.First, None);
        var sessions = await Listing.ReadSessionsAsync(Account, "bots", page, None).ToListAsync();

        Assert.Equal(["s1", "s2"], sessions.Select(s => s.SessionId));
        Assert.Equal("""{"a":1}""", Compact(sessions[0].Properties));
    }
}
