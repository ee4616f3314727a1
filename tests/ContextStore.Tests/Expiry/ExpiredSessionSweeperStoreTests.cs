using ContextStore.Cosmos;
using ContextStore.Expiry;
using ContextStore.Names;
using ContextStore.Storage;
using Microsoft.Azure.Cosmos;

namespace ContextStore.Tests.Expiry;

public class ExpiredSessionSweeperStoreTests : StoreTestBase
{
    private ExpiredSessionSweeper Sweeper => Store.Get<ExpiredSessionSweeper>();

    [Fact]
    public async Task TheSweeperRemovesExactlyTheExpiredSessions()
    {
        await Namespaces.RegisterAsync(Account, "short", 10, None);
        for (var i = 0; i < 5; i++)
        {
            await WriteAsync(Session("short", $"old{i}"), """{"a":1}""");
            await WriteAsync(Session("forever", $"keep{i}"), """{"a":1}""");
        }

        Store.Clock.Advance(TimeSpan.FromSeconds(5));
        await WriteAsync(Session("short", "recent"), """{"a":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(5, await Sweeper.SweepAsync(None));
        Assert.Equal(0, await Sweeper.SweepAsync(None));

        Assert.Equal(6, await CountDocumentsAsync("session"));
        Assert.Equal(["recent"], await Listing.ListIdsAsync(Account, "short", PageRequest.First, None));
    }

    [Fact]
    public async Task ASweptSessionWithItsOwnTtlKeepsTheTtlRecord()
    {
        var key = Session("bots", "s1");
        await Ttls.SetAsync(key, 10, None);
        await WriteAsync(key, """{"a":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, await Sweeper.SweepAsync(None));

        var ttl = Assert.Single(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
        Assert.Equal(10, ttl.TtlSecond);
        Assert.Equal("{}", await ReadAsync(key));
        Assert.Equal(0, await Sweeper.SweepAsync(None));
    }

    [Fact]
    public async Task ASessionRewrittenBeforeTheSweepIsLeftAlone()
    {
        await Namespaces.RegisterAsync(Account, "bots", 10, None);
        await WriteAsync(Session("bots", "s1"), """{"a":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(9));
        await WriteAsync(Session("bots", "s1"), """{"b":2}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(9));

        Assert.Equal(0, await Sweeper.SweepAsync(None));
        Assert.Equal("""{"a":1,"b":2}""", await ReadAsync(Session("bots", "s1")));
    }

    [Fact]
    public async Task MoreExpiredSessionsThanOneBatchAreAllRemoved()
    {
        await Namespaces.RegisterAsync(Account, "bulk", 1, None);
        await Parallel.ForEachAsync(Enumerable.Range(0, 1200), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await WriteAsync(Session("bulk", $"s{i:0000}"), """{"a":1}"""));
        Store.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1200, await Sweeper.SweepAsync(None));
        Assert.Equal(0, await CountDocumentsAsync("session"));
    }

    private async Task<int> CountDocumentsAsync(string kind)
    {
        var container = Store.Get<ContextContainer>().Container;
        var query = new QueryDefinition("SELECT c.sessionId FROM c WHERE c.kind = @kind").WithParameter("@kind", kind);
        var count = 0;
        using var iterator = container.GetItemQueryIterator<SessionIdRow>(query);
        while (iterator.HasMoreResults)
        {
            count += (await iterator.ReadNextAsync()).Count;
        }

        return count;
    }
}
