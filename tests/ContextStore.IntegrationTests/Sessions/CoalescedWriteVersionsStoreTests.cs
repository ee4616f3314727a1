using ContextStore.Json;
using ContextStore.Sessions;
using ContextStore.Storage;

namespace ContextStore.IntegrationTests.Sessions;

/// <summary>Writes saved together as one version: only the last of them answers with that version's ETag.</summary>
public class CoalescedWriteVersionsStoreTests : StoreTestBase
{
    private SessionWriter Writer => Store.Get<SessionWriter>();

    [Fact]
    public async Task OnlyTheLastWriteOfABatchAnswersWithTheVersionThatHoldsIt()
    {
        var key = Session("bots", "hot");

        var results = await WhileAFirstWriteIsSavedAsync(key, () => Enumerable.Range(1, 4)
            .Select(i => Writer.WriteAsync(key, (session, write) => Counter(session, write, i), precondition: null, None))
            .ToArray());

        var stored = await Properties.GetAsync(key, null, None);
        Assert.Equal("{\"counter\":4}", stored.Properties.Json);
        Assert.All(results, r => Assert.Equal(WriteStatus.Saved, r.Status));
        Assert.Equal([null, null, null, stored.ETag], results.Select(r => r.ETag));
    }

    [Fact]
    public async Task AWriteThatTheBatchLeavesOutForItsSizeDoesNotTakeTheVersionFromTheWriteBeforeIt()
    {
        var key = Session("bots", "hot");
        var tooLarge = CompactJson.Write(Value($"\"{new string('x', 800_001)}\""));

        var results = await WhileAFirstWriteIsSavedAsync(key, () =>
        [
            Writer.WriteAsync(key, (session, write) => Counter(session, write, 1), precondition: null, None),
            Writer.WriteAsync(key, (session, write) => With(session, write, "big", tooLarge), precondition: null, None),
        ]);

        var stored = await Properties.GetAsync(key, null, None);
        Assert.Equal("{\"counter\":1}", stored.Properties.Json);
        Assert.Equal([WriteResult.Saved(stored.ETag), WriteResult.DocumentTooLarge], results);
    }

    /// <summary>
    /// Starts a first write that is held while it is being applied, so that the writes <paramref name="queue"/> starts
    /// meanwhile wait in the session's queue and are then saved together as one batch, in the order they were started.
    /// </summary>
    private async Task<WriteResult[]> WhileAFirstWriteIsSavedAsync(Contract.SessionKey key, Func<Task<WriteResult>[]> queue)
    {
        using var firstIsApplying = new ManualResetEventSlim();
        using var firstMayFinish = new ManualResetEventSlim();
        var first = Writer.WriteAsync(key, (session, write) =>
        {
            firstIsApplying.Set();
            firstMayFinish.Wait(TimeSpan.FromSeconds(10));
            return Counter(session, write, 0);
        }, precondition: null, None);
        Assert.True(firstIsApplying.Wait(TimeSpan.FromSeconds(10)));

        var queued = queue();
        firstMayFinish.Set();
        await first;
        return await Task.WhenAll(queued);
    }

    private static SessionDocument Counter(SessionDocument session, WriteContext write, int value) =>
        With(session, write, "counter", value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static SessionDocument With(SessionDocument session, WriteContext write, string name, string json) =>
        session.WithProperties(session.LiveProperties(write.Now).With([KeyValuePair.Create(name, json)]), write.Now, write.NamespaceTtl);
}
