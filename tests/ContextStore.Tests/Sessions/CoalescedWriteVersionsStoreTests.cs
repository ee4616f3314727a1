using ContextStore.Json;
using ContextStore.Sessions;
using ContextStore.Storage;

namespace ContextStore.Tests.Sessions;

/// <summary>Writes saved together as one version: only the last of them answers with that version's ETag.</summary>
public class CoalescedWriteVersionsStoreTests : StoreTestBase
{
    [Fact]
    public async Task OnlyTheLastWriteOfABatchAnswersWithTheVersionThatHoldsIt()
    {
        var key = Session("bots", "hot");
        var writer = Store.Get<SessionWriter>();
        using var firstIsApplying = new ManualResetEventSlim();
        using var firstMayFinish = new ManualResetEventSlim();

        var first = writer.WriteAsync(key, (session, write) =>
        {
            firstIsApplying.Set();
            firstMayFinish.Wait(TimeSpan.FromSeconds(10));
            return Counter(session, write, 0);
        }, expectedVersion: null, None);
        Assert.True(firstIsApplying.Wait(TimeSpan.FromSeconds(10)));

        // Queued behind the first write's save: the four are applied in this order and saved as one version.
        var queued = Enumerable.Range(1, 4)
            .Select(i => writer.WriteAsync(key, (session, write) => Counter(session, write, i), expectedVersion: null, None))
            .ToList();
        firstMayFinish.Set();
        await first;
        var results = await Task.WhenAll(queued);

        var stored = await Properties.GetAsync(key, null, None);
        Assert.Equal("{\"counter\":4}", stored.Properties.Json);
        Assert.All(results, r => Assert.Equal(WriteStatus.Saved, r.Status));
        Assert.Equal([null, null, null, stored.ETag], results.Select(r => r.ETag));
    }

    [Fact]
    public async Task AWriteThatTheBatchLeavesOutForItsSizeDoesNotTakeTheVersionFromTheWriteBeforeIt()
    {
        var key = Session("bots", "hot");
        var writer = Store.Get<SessionWriter>();
        using var firstIsApplying = new ManualResetEventSlim();
        using var firstMayFinish = new ManualResetEventSlim();
        var tooLarge = new string('x', 800_001);

        var first = writer.WriteAsync(key, (session, write) =>
        {
            firstIsApplying.Set();
            firstMayFinish.Wait(TimeSpan.FromSeconds(10));
            return Counter(session, write, 0);
        }, expectedVersion: null, None);
        Assert.True(firstIsApplying.Wait(TimeSpan.FromSeconds(10)));

        var saved = writer.WriteAsync(key, (session, write) => Counter(session, write, 1), expectedVersion: null, None);
        var refused = writer.WriteAsync(
            key,
            (session, write) => session.WithProperties(
                session.LiveProperties(write.Now).With([KeyValuePair.Create("big", CompactJson.Write(Value($"\"{tooLarge}\"")))]),
                write.Now,
                write.NamespaceTtl),
            expectedVersion: null,
            None);
        firstMayFinish.Set();
        await first;
        var results = await Task.WhenAll(saved, refused);

        var stored = await Properties.GetAsync(key, null, None);
        Assert.Equal("{\"counter\":1}", stored.Properties.Json);
        Assert.Equal([WriteResult.Saved(stored.ETag), WriteResult.DocumentTooLarge], results);
    }

    private static SessionDocument Counter(SessionDocument session, WriteContext write, int value) =>
        session.WithProperties(
            session.LiveProperties(write.Now).With([KeyValuePair.Create("counter", value.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            write.Now,
            write.NamespaceTtl);
}
