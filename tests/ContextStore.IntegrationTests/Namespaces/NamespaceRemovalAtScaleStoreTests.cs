using System.Diagnostics;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Expiry;
using ContextStore.Sessions;
using ContextStore.Testing;
using Microsoft.Azure.Cosmos;
using Xunit.Abstractions;

namespace ContextStore.IntegrationTests.Namespaces;

/// <summary>
/// N3 of a namespace of 100,000 sessions on the local server, with an interrupted sweep and a restart in the middle of
/// the removal: about a minute here, most of it seeding. On a local server of its own, since each query over its
/// 100,000 documents holds that server up for a second or two. Times are printed, not asserted; scripts/bench.sh
/// measures them.
/// </summary>
public class NamespaceRemovalAtScaleStoreTests(ITestOutputHelper output) : StoreTestBase
{
    private const int Sessions = 100_000;
    private const int RemovalsPerSweep = 5_000;

    private LocalCosmosServer? _server;

    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["Sweeper:MaxRemovalsPerRun"] = $"{RemovalsPerSweep}" };

    protected override async Task<StoreFixture> StartStoreAsync()
    {
        _server = await LocalCosmosServer.StartAsync();
        var settings = _server.FreshContainerSettings();
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        return await StoreFixture.StartAsync(settings);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private Container Container => Store.Get<ContextContainer>().Container;

    [Fact]
    public async Task ALargeNamespaceReadsAsGoneAtOnceAndItsRemovalResumesAfterARestart()
    {
        var now = Store.Clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        await StoredDocuments.SeedAsync(Container, Enumerable.Range(0, Sessions).Select(i =>
        {
            var document = StoredDocuments.Session(Session("big", $"s{i:00000}"), $$"""{"n":{{i}},"text":"some context"}""", now, namespaceTtl: 86_400);
            return i % 10 == 0 ? document.WithOwnTtl(3_600, now, 86_400) : document;
        }).Append(StoredDocuments.Session(Session("kept", "s1"), """{"kept":true}""", now)));
        output.WriteLine($"seeded {Sessions:N0} sessions in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");

        started = Stopwatch.GetTimestamp();
        await Namespaces.DeleteAsync(Account, "big", None);
        output.WriteLine($"N3 answered in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");

        Assert.Empty(await Listing.ListIdsAsync(Account, "big", PageRequest.First, None));
        Assert.Empty(await Ttls.StreamAsync(Account, "big", None).ToListAsync());
        Assert.Equal("{}", await ReadAsync(Session("big", "s00010")));
        await WriteAsync(Session("big", "after"), """{"fresh":1}""");

        started = Stopwatch.GetTimestamp();
        var first = await Store.Get<ExpiredSessionSweeper>().SweepAsync(None);
        Assert.Equal((RemovalsPerSweep, 1), (first.Namespaces.SessionsRemoved, first.Namespaces.NamespacesPending));
        using (var interrupted = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.Get<ExpiredSessionSweeper>().SweepAsync(interrupted.Token));
        }

        var left = await StoredDocuments.CountAsync(Container, Account, "big");
        Assert.InRange(left, 2, Sessions - RemovalsPerSweep + 1);
        output.WriteLine($"one sweep and an interrupted one: {Sessions + 1 - left:N0} removed in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");

        // The restart: an instance with nothing in memory of the first; only Cosmos DB holds what is left to do.
        await using var restarted = Store.AnotherInstance(overrides: Settings);
        restarted.Clock.SetUtcNow(Store.Clock.GetUtcNow() + restarted.Get<NamespaceRemoval>().SettleTime);
        var sweeps = 0;
        started = Stopwatch.GetTimestamp();
        while ((await restarted.Get<ExpiredSessionSweeper>().SweepAsync(None)).Namespaces.NamespacesPending > 0)
        {
            Assert.True(++sweeps <= Sessions / RemovalsPerSweep + 2, $"still pending after {sweeps} sweeps");
        }

        output.WriteLine($"after the restart: the rest removed by {sweeps + 1} sweeps in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        Assert.Equal(1, await StoredDocuments.CountAsync(Container, Account, "big"));
        Assert.Equal("""{"fresh":1}""", Compact((await restarted.Get<SessionProperties>().GetAsync(Session("big", "after"), null, None)).Properties));
        Assert.Equal("""{"kept":true}""", await ReadAsync(Session("kept", "s1")));
    }
}
