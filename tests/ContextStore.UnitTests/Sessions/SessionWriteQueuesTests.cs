using ContextStore.Contract;
using ContextStore.Sessions;

namespace ContextStore.UnitTests.Sessions;

public class SessionWriteQueuesTests
{
    private static readonly SessionKey Hot = new("le1", "bots", "hot");

    private static PendingWrite Write() => new((session, _) => session);

    [Fact]
    public async Task WritesThatArriveWhileABatchIsSavedAreAppliedTogetherInTheNextBatch()
    {
        var queues = new SessionWriteQueues();
        var firstSaveMayEnd = new TaskCompletionSource();
        var batches = new List<int>();
        async Task ApplyBatch(IReadOnlyList<PendingWrite> batch)
        {
            lock (batches)
            {
                batches.Add(batch.Count);
            }

            if (batches.Count == 1)
            {
                await firstSaveMayEnd.Task;
            }

            foreach (var write in batch)
            {
                write.Complete(WriteResult.Saved("\"1\""));
            }
        }

        var writes = Enumerable.Range(0, 200).Select(_ => Write()).ToList();
        var first = queues.Enqueue(Hot, writes[0], ApplyBatch);
        while (batches.Count == 0)
        {
            await Task.Yield();
        }

        writes.Skip(1).ToList().ForEach(write => Assert.True(queues.Enqueue(Hot, write, ApplyBatch).IsCompleted));
        firstSaveMayEnd.SetResult();
        await first;
        var results = await Task.WhenAll(writes.Select(w => w.Result));

        Assert.Equal([1, 199], batches);
        Assert.All(results, result => Assert.Equal(WriteStatus.Saved, result.Status));
    }

    [Fact]
    public void AWriterThatFindsTheSessionIdleAppliesItsWriteItselfInsteadOfHandingItToAnotherThread()
    {
        var queues = new SessionWriteQueues();
        var write = Write();
        var callerThread = Environment.CurrentManagedThreadId;
        int? applyingThread = null;

        var applied = queues.Enqueue(Hot, write, batch =>
        {
            applyingThread = Environment.CurrentManagedThreadId;
            batch[0].Complete(WriteResult.Saved("\"1\""));
            return Task.CompletedTask;
        });

        Assert.True(applied.IsCompletedSuccessfully);
        Assert.Equal(callerThread, applyingThread);
        Assert.True(write.Result.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WritesThatArriveWhileTheFirstWriterSavesAreSavedInTheBackgroundWithoutKeepingItWaiting()
    {
        var queues = new SessionWriteQueues();
        TaskCompletionSource[] saveMayEnd = [new(), new()];
        var saves = 0;
        async Task ApplyBatch(IReadOnlyList<PendingWrite> batch)
        {
            var save = Interlocked.Increment(ref saves);
            await saveMayEnd[save - 1].Task;
            batch[0].Complete(WriteResult.Saved($"\"{save}\""));
        }

        var first = Write();
        var later = Write();
        var ownBatch = queues.Enqueue(Hot, first, ApplyBatch);
        Assert.True(queues.Enqueue(Hot, later, ApplyBatch).IsCompleted);

        saveMayEnd[0].SetResult();
        await ownBatch;

        Assert.Equal("\"1\"", (await first.Result).ETag);
        Assert.False(later.Result.IsCompleted);
        saveMayEnd[1].SetResult();
        Assert.Equal("\"2\"", (await later.Result).ETag);
    }

    [Fact]
    public async Task AFailedBatchFailsItsOwnWritesAndTheNextWriteStartsAfresh()
    {
        var queues = new SessionWriteQueues();
        var failing = Write();
        await queues.Enqueue(Hot, failing, _ => throw new InvalidOperationException("Cosmos DB said no"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Result);

        var next = Write();
        await queues.Enqueue(Hot, next, batch =>
        {
            batch[0].Complete(WriteResult.Saved("\"2\""));
            return Task.CompletedTask;
        });
        Assert.Equal("\"2\"", (await next.Result).ETag);
    }

    [Fact]
    public async Task WritesToDifferentSessionsAreNotBatchedTogether()
    {
        var queues = new SessionWriteQueues();
        var sizes = new List<int>();
        Task Apply(IReadOnlyList<PendingWrite> batch)
        {
            lock (sizes)
            {
                sizes.Add(batch.Count);
            }

            batch[0].Complete(WriteResult.Saved("\"1\""));
            return Task.CompletedTask;
        }

        var a = Write();
        var b = Write();
        await queues.Enqueue(Hot, a, Apply);
        await queues.Enqueue(Hot with { SessionId = "other" }, b, Apply);
        await Task.WhenAll(a.Result, b.Result);

        Assert.Equal([1, 1], sizes);
    }
}
