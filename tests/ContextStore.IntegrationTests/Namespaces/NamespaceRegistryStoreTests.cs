using ContextStore.Contract;
namespace ContextStore.IntegrationTests.Namespaces;

public class NamespaceRegistryStoreTests : StoreTestBase
{
    [Fact]
    public async Task RegisteringTwiceKeepsOneEntryAndItsCreationTime()
    {
        var created = Store.Clock.GetUtcNow();
        await Namespaces.RegisterAsync(Account, "bots", null, None);
        Store.Clock.Advance(TimeSpan.FromMinutes(5));
        await Namespaces.RegisterAsync(Account, "bots", null, None);

        var registered = Assert.Single(await Namespaces.StreamAsync(Account, None).ToListAsync());
        Assert.Equal(("bots", created, (int?)null), (registered.Name, registered.CreatedAt, registered.TtlSecond));
    }

    [Fact]
    public async Task ARepeatUpdatesTheTtlOnlyWhenOneIsGiven()
    {
        await Namespaces.RegisterAsync(Account, "bots", 100, None);
        await Namespaces.RegisterAsync(Account, "bots", null, None);
        Assert.Equal(100, Assert.Single(await Namespaces.StreamAsync(Account, None).ToListAsync()).TtlSecond);

        await Namespaces.RegisterAsync(Account, "bots", 200, None);
        Assert.Equal(200, Assert.Single(await Namespaces.StreamAsync(Account, None).ToListAsync()).TtlSecond);

        await Namespaces.RegisterAsync(Account, "bots", 0, None);
        Assert.Null(Assert.Single(await Namespaces.StreamAsync(Account, None).ToListAsync()).TtlSecond);
    }

    [Fact]
    public async Task OnlyRegisteredNamespacesOfTheAccountAreListedSortedByName()
    {
        await Namespaces.RegisterAsync(Account, "zeta", null, None);
        await Namespaces.RegisterAsync(Account, "Alpha", null, None);
        await Namespaces.RegisterAsync(Account, "beta", null, None);
        await Namespaces.RegisterAsync("other-account", "gamma", null, None);
        await WriteAsync(Session("written-not-registered", "s1"), """{"a":1}""");

        Assert.Equal(["Alpha", "beta", "zeta"], (await Namespaces.StreamAsync(Account, None).ToListAsync()).Select(n => n.Name));
    }

    [Fact]
    public async Task DeletingANamespaceRemovesEverythingInItAndNothingElse()
    {
        await Namespaces.RegisterAsync(Account, "bots", 100, None);
        await Namespaces.RegisterAsync(Account, "agents", null, None);
        await WriteAsync(Session("bots", "__default__"), """{"ns":1}""");
        for (var i = 0; i < 12; i++)
        {
            await WriteAsync(Session("bots", $"s{i}"), """{"a":1}""");
        }

        await Ttls.SetAsync(Session("bots", "ttl-only"), 50, None);
        await WriteAsync(Session("agents", "s1"), """{"kept":true}""");

        await Namespaces.DeleteAsync(Account, "bots", None);
        await Namespaces.DeleteAsync(Account, "bots", None);

        Assert.Equal(["agents"], (await Namespaces.StreamAsync(Account, None).ToListAsync()).Select(n => n.Name));
        Assert.Empty(await Listing.ListIdsAsync(Account, "bots", PageRequest.First, None));
        Assert.Empty(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
        Assert.Equal("{}", await ReadAsync(Session("bots", "s3")));
        Assert.Equal("""{"kept":true}""", await ReadAsync(Session("agents", "s1")));
    }

    [Fact]
    public async Task AfterDeletionTheNamespaceTtlNoLongerApplies()
    {
        await Namespaces.RegisterAsync(Account, "bots", 10, None);
        await Namespaces.DeleteAsync(Account, "bots", None);
        await WriteAsync(Session("bots", "s1"), """{"a":1}""");

        Store.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal("""{"a":1}""", await ReadAsync(Session("bots", "s1")));
    }
}
