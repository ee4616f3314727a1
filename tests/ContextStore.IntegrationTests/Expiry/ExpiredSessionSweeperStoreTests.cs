using System.Net;
using System.Text;
using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Expiry;
using ContextStore.Storage;
using ContextStore.Testing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace ContextStore.IntegrationTests.Expiry;

/// <summary>
/// The sweep as the backstop of Cosmos DB's own TTL. The store's clock here runs apart from the local server's, and the
/// TTLs are long, so Cosmos DB's TTL (counted on the server's clock) never removes what these tests expire in the store's
/// time: the sweep is what removes it.
/// </summary>
public class ExpiredSessionSweeperStoreTests : StoreTestBase
{
    private static readonly TimeSpan PastTheMargin = ExpiredSessionSweeper.NativeTtlMargin + TimeSpan.FromSeconds(1);

    private ExpiredSessionSweeper Sweeper => Store.Get<ExpiredSessionSweeper>();

    private Container Container => Store.Get<ContextContainer>().Container;

    [Fact]
    public async Task TheSweepRemovesExactlyTheSessionsThatExpiredLongerAgoThanCosmosDbsTtlTakes()
    {
        await Namespaces.RegisterAsync(Account, "short", 3600, None);
        for (var i = 0; i < 5; i++)
        {
            await WriteAsync(Session("short", $"old{i}"), """{"a":1}""");
            await WriteAsync(Session("forever", $"keep{i}"), """{"a":1}""");
        }

        Store.Clock.Advance(TimeSpan.FromMinutes(30));
        await WriteAsync(Session("short", "recent"), """{"a":1}""");
        Store.Clock.Advance(TimeSpan.FromMinutes(30) + PastTheMargin);

        Assert.Equal(5, (await Sweeper.SweepAsync(None)).ExpiredRemoved);
        Assert.Equal(0, (await Sweeper.SweepAsync(None)).Removed);

        Assert.Equal(6, await CountSessionDocumentsAsync());
        Assert.Equal(["recent"], await Listing.ListIdsAsync(Account, "short", PageRequest.First, None));
    }

    [Fact]
    public async Task ASessionThatExpiredMomentsAgoIsLeftToCosmosDbsTtl()
    {
        await Namespaces.RegisterAsync(Account, "short", 3600, None);
        await WriteAsync(Session("short", "s1"), """{"a":1}""");

        Store.Clock.Advance(TimeSpan.FromSeconds(3601));
        Assert.Equal(0, (await Sweeper.SweepAsync(None)).Removed);

        Store.Clock.Advance(PastTheMargin);
        Assert.Equal(1, (await Sweeper.SweepAsync(None)).Removed);
    }

    [Fact]
    public async Task AnExpiredSessionWithItsOwnTtlIsRemovedWholeWithItsTtlRecord()
    {
        var key = Session("bots", "s1");
        await Ttls.SetAsync(key, 3600, None);
        await WriteAsync(key, """{"a":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(3600) + PastTheMargin);

        Assert.Equal(1, (await Sweeper.SweepAsync(None)).Removed);

        Assert.Empty(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
        Assert.Equal(0, await CountSessionDocumentsAsync());
    }

    [Fact]
    public async Task ASessionRewrittenBeforeTheSweepIsLeftAlone()
    {
        await Namespaces.RegisterAsync(Account, "bots", 3600, None);
        await WriteAsync(Session("bots", "s1"), """{"a":1}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(3599));
        await WriteAsync(Session("bots", "s1"), """{"b":2}""");
        Store.Clock.Advance(TimeSpan.FromSeconds(3599));

        Assert.Equal(0, (await Sweeper.SweepAsync(None)).Removed);
        Assert.Equal("""{"a":1,"b":2}""", await ReadAsync(Session("bots", "s1")));
    }

    [Fact]
    public async Task MoreExpiredSessionsThanOneBatchAreAllRemoved()
    {
        await Namespaces.RegisterAsync(Account, "bulk", 3600, None);
        await Parallel.ForEachAsync(Enumerable.Range(0, 1200), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await WriteAsync(Session("bulk", $"s{i:0000}"), """{"a":1}"""));
        Store.Clock.Advance(TimeSpan.FromSeconds(3600) + PastTheMargin);

        Assert.Equal(1200, (await Sweeper.SweepAsync(None)).Removed);
        Assert.Equal(0, await CountSessionDocumentsAsync());
    }

    [Fact]
    public async Task ASweepRemovesAtMostItsLimitAndLogsWhatItRemovedTheNextOneGoesOn()
    {
        var logs = new CapturingLoggerProvider();
        await using var limited = Store.AnotherInstance(Store.Clock, new Dictionary<string, string?> { ["Sweeper:MaxRemovalsPerRun"] = "40" });
        limited.Get<ILoggerFactory>().AddProvider(logs);
        await Namespaces.RegisterAsync(Account, "bulk", 3600, None);
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await WriteAsync(Session("bulk", $"s{i:000}"), """{"a":1}"""));
        Store.Clock.Advance(TimeSpan.FromSeconds(3600) + PastTheMargin);
        var sweeper = limited.Get<ExpiredSessionSweeper>();

        var first = await sweeper.SweepAsync(None);
        Assert.Equal((40, 40, true), (first.Removed, first.WritesUsed, first.BudgetSpent));
        Assert.Equal(60, await CountSessionDocumentsAsync());
        Assert.Equal(40, (await sweeper.SweepAsync(None)).Removed);
        var third = await sweeper.SweepAsync(None);
        Assert.Equal((20, false), (third.Removed, third.BudgetSpent));
        Assert.Equal(0, await CountSessionDocumentsAsync());

        var sweeps = logs.Lines.Where(l => l.Contains("Expired-session sweep:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, sweeps.Count);
        Assert.All(sweeps.Take(2), l => Assert.Contains("removed 40 expired sessions", l, StringComparison.Ordinal));
        Assert.All(sweeps.Take(2), l => Assert.Contains("40 of 40 writes (the rest waits for the next sweep)", l, StringComparison.Ordinal));
        Assert.Contains("removed 20 expired sessions", sweeps[2], StringComparison.Ordinal);
        Assert.DoesNotContain("the rest waits", sweeps[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATtlRecordFromBeforeNativeTtlGetsTheExpiryOfItsTtlAfterItsLastActivity()
    {
        // _ts, which counts as activity, is on the local server's clock: the store's clock starts there too.
        Store.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        var now = Store.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var seededAt = new Dictionary<string, long>
        {
            ["ttl-only"] = await SeedOldShapeAsync("bots", "ttl-only", ttlSecond: 60, lastWriteAt: 0, propertiesJson: "{}"),
            ["written-before-t1"] = await SeedOldShapeAsync("bots", "written-before-t1", ttlSecond: 60, lastWriteAt: now - 3_600_000, propertiesJson: """{"a":1}"""),
        };
        Assert.Equal(2, await Ttls.StreamAsync(Account, "bots", None).CountAsync());

        var sweep = await Sweeper.SweepAsync(None);

        Assert.Equal((2, 0), (sweep.OldTtlRecordsExpiring, sweep.OldTtlRecordsRemoved));
        foreach (var (sessionId, lastChange) in seededAt)
        {
            // Its TTL after its last change, which was the seeding: _ts, in whole seconds.
            var document = await StoredAsync("bots", sessionId);
            Assert.Equal(lastChange * 1000 + 60_000, document.GetProperty("expiresAt").GetInt64());
            Assert.InRange(document.GetProperty("ttl").GetInt32(), 59, 62);
        }

        Assert.Equal("""{"a":1}""", await ReadAsync(Session("bots", "written-before-t1")));
        Store.Clock.Advance(TimeSpan.FromSeconds(62));
        Assert.Empty(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
        Assert.Equal("{}", await ReadAsync(Session("bots", "written-before-t1")));
    }

    [Fact]
    public async Task ATtlRecordFromBeforeNativeTtlThatHasAlreadyExpiredIsRemoved()
    {
        Store.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        _ = await SeedOldShapeAsync("bots", "emptied-by-the-old-sweep", ttlSecond: 1, lastWriteAt: 0, propertiesJson: "{}");
        Store.Clock.Advance(TimeSpan.FromSeconds(3));

        var sweep = await Sweeper.SweepAsync(None);

        Assert.Equal((0, 1), (sweep.OldTtlRecordsExpiring, sweep.OldTtlRecordsRemoved));
        Assert.Equal(0, await CountSessionDocumentsAsync());
    }

    [Fact]
    public async Task ASessionFromBeforeNativeTtlWithoutItsOwnTtlIsRemovedOnceExpired()
    {
        var expiresAt = Store.Clock.GetUtcNow().AddSeconds(10).ToUnixTimeMilliseconds();
        _ = await SeedAsync($$"""{"id":"session","kind":"session","accountId":"{{Account}}","namespace":"bots","sessionId":"old","properties":"{\"a\":1}","propertyCount":1,"propertiesLength":7,"lastWriteAt":0,"expiresAt":{{expiresAt}}}""");
        Assert.Equal(0, (await Sweeper.SweepAsync(None)).Removed);

        Store.Clock.Advance(TimeSpan.FromSeconds(10) + PastTheMargin);

        Assert.Equal(1, (await Sweeper.SweepAsync(None)).ExpiredRemoved);
        Assert.Equal(0, await CountSessionDocumentsAsync());
    }

    /// <summary>A session document as the store wrote it before native TTL: no ttl, no generation, and a TTL record never expired.</summary>
    /// <returns>The document's _ts.</returns>
    private Task<long> SeedOldShapeAsync(string ns, string sessionId, int ttlSecond, long lastWriteAt, string propertiesJson)
    {
        var properties = JsonSerializer.Serialize(propertiesJson);
        var count = JsonDocument.Parse(propertiesJson).RootElement.EnumerateObject().Count();
        var ttlCreatedAt = Store.Clock.GetUtcNow().AddHours(-2).ToUnixTimeMilliseconds();
        return SeedAsync($$"""{"id":"session","kind":"session","accountId":"{{Account}}","namespace":"{{ns}}","sessionId":"{{sessionId}}","properties":{{properties}},"propertyCount":{{count}},"propertiesLength":{{propertiesJson.Length}},"lastWriteAt":{{lastWriteAt}},"expiresAt":{{SessionExpiry.Never}},"ttlSecond":{{ttlSecond}},"ttlCreatedAt":{{ttlCreatedAt}}}""");
    }

    private async Task<long> SeedAsync(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var key = new SessionKey(root.GetProperty("accountId").GetString()!, root.GetProperty("namespace").GetString()!, root.GetProperty("sessionId").GetString()!);
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(json));
        using var response = await Container.CreateItemStreamAsync(content, ContextContainer.SessionPartition(key));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = await JsonDocument.ParseAsync(response.Content);
        return created.RootElement.GetProperty("_ts").GetInt64();
    }

    private async Task<JsonElement> StoredAsync(string ns, string sessionId)
    {
        using var response = await Container.ReadItemStreamAsync(SessionDocument.DocumentId, ContextContainer.SessionPartition(Session(ns, sessionId)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonDocument.ParseAsync(response.Content)).RootElement.Clone();
    }

    private async Task<int> CountSessionDocumentsAsync()
    {
        var query = new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.kind = @kind").WithParameter("@kind", SessionDocument.SessionKind);
        using var iterator = Container.GetItemQueryIterator<int>(query);
        return (await iterator.ReadNextAsync()).Single();
    }
}
