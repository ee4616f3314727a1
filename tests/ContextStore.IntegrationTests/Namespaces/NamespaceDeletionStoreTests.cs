using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Expiry;
using ContextStore.Namespaces;
using ContextStore.Sessions;
using ContextStore.Testing;
using Microsoft.Azure.Cosmos;

namespace ContextStore.IntegrationTests.Namespaces;

/// <summary>
/// N3 by generation: one write makes the whole namespace read as gone, on every instance once N3 has answered; the
/// sweep removes the documents later, and finishes the namespace only when no write of the deleted generation can
/// still arrive.
/// </summary>
public class NamespaceDeletionStoreTests : StoreTestBase
{
    private Container Container => Store.Get<ContextContainer>().Container;

    private ExpiredSessionSweeper Sweeper => Store.Get<ExpiredSessionSweeper>();

    private TimeSpan SettleTime => Store.Get<NamespaceRemoval>().SettleTime;

    [Fact]
    public async Task DeletingANamespaceHidesEverythingInItAtOnceAndTheSweepRemovesItsDocuments()
    {
        await Namespaces.RegisterAsync(Account, "bots", 100, None);
        await WriteAsync(Session("bots", ContextLimits.DefaultSessionId), """{"ns":1}""");
        for (var i = 0; i < 30; i++)
        {
            await WriteAsync(Session("bots", $"s{i}"), """{"a":1}""");
        }

        await Ttls.SetAsync(Session("bots", "s3"), 500, None);
        await Ttls.SetAsync(Session("bots", "ttl-only"), 500, None);
        await WriteAsync(Session("agents", "s1"), """{"kept":true}""");

        await Namespaces.DeleteAsync(Account, "bots", None);

        Assert.DoesNotContain("bots", await Namespaces.StreamAsync(Account, None).Select(n => n.Name).ToListAsync());
        Assert.Empty(await Listing.ListIdsAsync(Account, "bots", PageRequest.First, None));
        Assert.Empty(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());
        Assert.Equal("{}", await ReadAsync(Session("bots", "s3")));
        Assert.Equal("{}", await ReadAsync(Session("bots", ContextLimits.DefaultSessionId)));
        Assert.Null(await Properties.GetOneAsync(Session("bots", "s3"), "a", None));
        Assert.Equal("{}", System.Text.Encoding.UTF8.GetString((await Properties.GetJsonAsync(Session("bots", "s4"), None)).Utf8Json.Span));
        Assert.Equal(32, await StoredDocuments.CountAsync(Container, Account, "bots"));

        var sweep = await Sweeper.SweepAsync(None);

        Assert.Equal(32, sweep.Namespaces.SessionsRemoved);
        Assert.Equal(0, await StoredDocuments.CountAsync(Container, Account, "bots"));
        Assert.Equal("""{"kept":true}""", await ReadAsync(Session("agents", "s1")));
    }

    [Fact]
    public async Task TheSweepFinishesADeletedNamespaceOnlyOnceNoWriteOfTheDeletedGenerationCanStillArrive()
    {
        for (var i = 0; i < 3; i++)
        {
            await WriteAsync(Session("bots", $"s{i}"), """{"a":1}""");
        }

        await Namespaces.DeleteAsync(Account, "bots", None);

        var first = await Sweeper.SweepAsync(None);
        Assert.Equal((3, 0, 1), (first.Namespaces.SessionsRemoved, first.Namespaces.NamespacesFinished, first.Namespaces.NamespacesPending));
        Assert.True((await StoredDocuments.NamespaceAsync(Container, Account, "bots"))!.RemovalPending);

        Store.Clock.Advance(SettleTime);
        var second = await Sweeper.SweepAsync(None);
        Assert.Equal((0, 1, 0), (second.Namespaces.SessionsRemoved, second.Namespaces.NamespacesFinished, second.Namespaces.NamespacesPending));

        var document = (await StoredDocuments.NamespaceAsync(Container, Account, "bots"))!;
        Assert.Equal((false, 1, false), (document.RemovalPending, document.Generation, document.IsRegistered));
        Assert.Equal(0, (await Sweeper.SweepAsync(None)).Namespaces.NamespacesPending);
    }

    [Fact]
    public async Task AWriteAfterDeletionStartsTheNamespaceEmptyAndTheSweepLeavesIt()
    {
        await WriteAsync(Session("bots", "s1"), """{"old":1}""");
        await WriteAsync(Session("bots", "s2"), """{"old":2}""");
        await Ttls.SetAsync(Session("bots", "s1"), 500, None);

        await Namespaces.DeleteAsync(Account, "bots", None);
        await WriteAsync(Session("bots", "s1"), """{"new":1}""");

        Assert.Equal("""{"new":1}""", await ReadAsync(Session("bots", "s1")));
        Assert.Equal(["s1"], await Listing.ListIdsAsync(Account, "bots", PageRequest.First, None));
        Assert.Empty(await Ttls.StreamAsync(Account, "bots", None).ToListAsync());

        Store.Clock.Advance(SettleTime);
        var sweep = await Sweeper.SweepAsync(None);

        Assert.Equal((1, 1), (sweep.Namespaces.SessionsRemoved, sweep.Namespaces.NamespacesFinished));
        Assert.Equal("""{"new":1}""", await ReadAsync(Session("bots", "s1")));
        Assert.Equal(1, await StoredDocuments.CountAsync(Container, Account, "bots"));
    }

    [Fact]
    public async Task RegisteringADeletedNamespaceAgainStartsItEmptyWithANewCreationTime()
    {
        await Namespaces.RegisterAsync(Account, "bots", 100, None);
        await WriteAsync(Session("bots", "s1"), """{"old":1}""");
        await Namespaces.DeleteAsync(Account, "bots", None);
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        var registeredAgain = Store.Clock.GetUtcNow();

        await Namespaces.RegisterAsync(Account, "bots", 50, None);

        var registered = Assert.Single(await Namespaces.StreamAsync(Account, None).ToListAsync());
        Assert.Equal(("bots", registeredAgain, (int?)50), (registered.Name, registered.CreatedAt, registered.TtlSecond));
        Assert.Equal("{}", await ReadAsync(Session("bots", "s1")));

        Store.Clock.Advance(SettleTime);
        var sweep = await Sweeper.SweepAsync(None);
        Assert.Equal((1, 1), (sweep.Namespaces.SessionsRemoved, sweep.Namespaces.NamespacesFinished));
        var document = (await StoredDocuments.NamespaceAsync(Container, Account, "bots"))!;
        Assert.Equal((false, true, 50), (document.RemovalPending, document.IsRegistered, document.TtlSecond));
        Assert.Single(await Namespaces.StreamAsync(Account, None).ToListAsync());
    }

    [Fact]
    public async Task DeletingANamespaceTwiceIsIdempotentAndSessionsWrittenBetweenGoToo()
    {
        await WriteAsync(Session("bots", "s1"), """{"a":1}""");
        await Namespaces.DeleteAsync(Account, "bots", None);
        await WriteAsync(Session("bots", "between"), """{"b":1}""");

        await Namespaces.DeleteAsync(Account, "bots", None);

        Assert.Empty(await Listing.ListIdsAsync(Account, "bots", PageRequest.First, None));
        Assert.Equal(2, (await Sweeper.SweepAsync(None)).Namespaces.SessionsRemoved);
    }

    [Fact]
    public async Task SessionsWithOddIdsGoWithTheirNamespaceAndComeBackEmpty()
    {
        string[] ids = ["é", "😀", "a b", "'single'", "\"double\"", "%2F", "s.1", "..a", "SELECT * FROM c", new string('x', 256)];
        foreach (var id in ids)
        {
            await WriteAsync(Session("odd_-Names", id), """{"old":1}""");
            await Ttls.SetAsync(Session("odd_-Names", id), 500, None);
        }

        await Namespaces.DeleteAsync(Account, "odd_-Names", None);

        Assert.Empty(await Listing.ListIdsAsync(Account, "odd_-Names", PageRequest.First, None));
        Assert.Empty(await Ttls.StreamAsync(Account, "odd_-Names", None).ToListAsync());
        await WriteAsync(Session("odd_-Names", ids[1]), """{"new":1}""");

        // The write made its session's document one of the new generation: the others are left to remove.
        Assert.Equal(ids.Length - 1, (await Sweeper.SweepAsync(None)).Namespaces.SessionsRemoved);
        Assert.Equal([ids[1]], await Listing.ListIdsAsync(Account, "odd_-Names", PageRequest.First, None));
        foreach (var id in ids.Where(id => id != ids[1]))
        {
            Assert.Equal("{}", await ReadAsync(Session("odd_-Names", id)));
        }
    }

    [Fact]
    public async Task RegisteringAndDeletingANamespaceAtTheSameTimeNeverLosesItsGeneration()
    {
        for (var trial = 0; trial < 5; trial++)
        {
            await Task.WhenAll(
                Namespaces.DeleteAsync(Account, "contended", None),
                Namespaces.RegisterAsync(Account, "contended", 10 + trial, None),
                Namespaces.DeleteAsync(Account, "contended", None),
                Namespaces.RegisterAsync(Account, "contended", 20 + trial, None));
        }

        var document = (await StoredDocuments.NamespaceAsync(Container, Account, "contended"))!;
        Assert.Equal(10, document.Generation);
        Assert.True(document.RemovalPending);
    }

    [Fact]
    public async Task AnotherInstanceReadsTheNamespaceAsGoneOnceDeletionHasAnswered()
    {
        await using var other = Store.AnotherInstance(TimeProvider.System);
        var otherProperties = other.Get<SessionProperties>();
        await WriteAsync(Session("bots", "s1"), """{"old":1}""");
        Assert.Equal(1, (await otherProperties.GetAsync(Session("bots", "s1"), null, None)).Properties.Count);

        await Namespaces.DeleteAsync(Account, "bots", None);

        Assert.Empty((await otherProperties.GetAsync(Session("bots", "s1"), null, None)).Properties.Values);
        Assert.Empty(await other.Get<SessionListing>().ListIdsAsync(Account, "bots", PageRequest.First, None));
        await otherProperties.MergeAsync(Session("bots", "s1"), Json("""{"new":1}"""), null, None);
        Assert.Equal("""{"new":1}""", await ReadAsync(Session("bots", "s1")));
    }

    [Fact]
    public async Task AnInstanceThatMeetsASessionWrittenAfterADeletionItHasNotSeenReadsTheNamespaceAgain()
    {
        // Its clock stands still: its cached generation would never age.
        await using var lagging = Store.AnotherInstance();
        var laggingProperties = lagging.Get<SessionProperties>();
        await WriteAsync(Session("bots", "s1"), """{"old":1}""");
        await WriteAsync(Session("bots", "s2"), """{"old":2}""");
        Assert.Equal(1, (await laggingProperties.GetAsync(Session("bots", "s2"), null, None)).Properties.Count);

        await Namespaces.DeleteAsync(Account, "bots", None);
        await WriteAsync(Session("bots", "s1"), """{"new":1}""");

        Assert.Equal("""{"new":1}""", Compact((await laggingProperties.GetAsync(Session("bots", "s1"), null, None)).Properties));
        Assert.Empty((await laggingProperties.GetAsync(Session("bots", "s2"), null, None)).Properties.Values);
    }

    [Fact]
    public async Task AWriteRacingTheDeletionLeavesNothingOfWhatWasThereBefore()
    {
        const int namespaces = 8;
        for (var n = 0; n < namespaces; n++)
        {
            await WriteAsync(Session($"race{n}", "s1"), """{"old":1}""");
        }

        await Task.WhenAll(Enumerable.Range(0, namespaces).Select(async n =>
        {
            var writes = Enumerable.Range(0, 20).Select(async w =>
            {
                await Task.Delay(w * 15);
                await WriteAsync(Session($"race{n}", "s1"), $$"""{"w{{w}}":{{w}}}""");
            });
            await Task.WhenAll(writes.Append(Task.Run(async () =>
            {
                await Task.Delay(n * 20);
                await Namespaces.DeleteAsync(Account, $"race{n}", None);
            })));
        }));

        for (var n = 0; n < namespaces; n++)
        {
            var properties = (await Properties.GetAsync(Session($"race{n}", "s1"), null, None)).Properties;
            Assert.DoesNotContain("old", properties.Values.Keys);
        }
    }

    [Fact]
    public async Task AWriteRacingTheRemovalIsNeverLost()
    {
        var now = Store.Clock.GetUtcNow();
        await StoredDocuments.SeedAsync(Container, Enumerable.Range(0, 600)
            .Select(i => StoredDocuments.Session(Session("bots", $"s{i:000}"), """{"old":1}""", now)));
        await Namespaces.DeleteAsync(Account, "bots", None);

        var written = Enumerable.Range(0, 600).Where(i => i % 3 == 0).ToList();
        await Task.WhenAll(
            Task.Run(() => Sweeper.SweepAsync(None)),
            Parallel.ForEachAsync(written, new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (i, _) => await WriteAsync(Session("bots", $"s{i:000}"), $$"""{"new":{{i}}}""")));
        Store.Clock.Advance(SettleTime);
        while ((await Sweeper.SweepAsync(None)).Namespaces.NamespacesPending > 0)
        {
        }

        Assert.Equal(written.Count, await StoredDocuments.CountAsync(Container, Account, "bots"));
        foreach (var i in written)
        {
            Assert.Equal($$"""{"new":{{i}}}""", await ReadAsync(Session("bots", $"s{i:000}")));
        }

        Assert.Equal(written.Count, (await Listing.ListIdsAsync(Account, "bots", new PageRequest(0, 1000), None)).Count);
    }
}
