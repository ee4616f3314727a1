using System.Collections.Concurrent;
using ContextStore.Contract;

namespace ContextStore.Sessions;

/// <summary>
/// Writes to one session queue up while a batch of earlier ones is being saved, so that one read and one conditional
/// replace carry every change that arrived meanwhile. Concurrent writers of a hot session then cost a few round trips
/// instead of retrying each other's ETag conflicts; other instances are still kept out by the ETag.
/// </summary>
public sealed class SessionWriteQueues
{
    private readonly ConcurrentDictionary<SessionKey, Queue> _queues = new();

    /// <summary>
    /// Adds <paramref name="write"/> to the session's queue. A writer that finds the session idle applies its own write
    /// with <paramref name="applyBatch"/> on its own flow, as an unqueued write would, and the returned task ends when
    /// that is done; writes that arrive meanwhile are applied in batches in the background. A writer that finds a batch
    /// running gets a completed task: its <see cref="PendingWrite.Result"/> completes when its batch is saved.
    /// </summary>
    public Task Enqueue(SessionKey key, PendingWrite write, Func<IReadOnlyList<PendingWrite>, Task> applyBatch)
    {
        while (true)
        {
            var queue = _queues.GetOrAdd(key, _ => new Queue());
            lock (queue)
            {
                if (queue.Closed)
                {
                    continue;
                }

                queue.Writes.Add(write);
                if (queue.Draining)
                {
                    return Task.CompletedTask;
                }

                queue.Draining = true;
            }

            // The uncontended case, nearly every write: no hand-off to another thread and back.
            return ApplyOwnBatchAsync(key, queue, applyBatch);
        }
    }

    private async Task ApplyOwnBatchAsync(SessionKey key, Queue queue, Func<IReadOnlyList<PendingWrite>, Task> applyBatch)
    {
        if (TakeBatch(key, queue) is { } batch)
        {
            await ApplyAsync(batch, applyBatch);
        }

        lock (queue)
        {
            if (CloseIfEmpty(key, queue))
            {
                return;
            }
        }

        // Writers that arrived meanwhile are not kept waiting for this caller's answer, nor this caller for theirs.
        _ = Task.Run(() => DrainAsync(key, queue, applyBatch));
    }

    private async Task DrainAsync(SessionKey key, Queue queue, Func<IReadOnlyList<PendingWrite>, Task> applyBatch)
    {
        while (TakeBatch(key, queue) is { } batch)
        {
            await ApplyAsync(batch, applyBatch);
        }
    }

    /// <summary>Every write queued so far, or null (and the queue closed) when there is none.</summary>
    private List<PendingWrite>? TakeBatch(SessionKey key, Queue queue)
    {
        lock (queue)
        {
            if (CloseIfEmpty(key, queue))
            {
                return null;
            }

            List<PendingWrite> batch = [.. queue.Writes];
            queue.Writes.Clear();
            return batch;
        }
    }

    /// <summary>
    /// Closes a queue with no write left (under its lock). Closed before it leaves the map: a writer that still finds
    /// it takes a new queue instead.
    /// </summary>
    private bool CloseIfEmpty(SessionKey key, Queue queue)
    {
        if (queue.Writes.Count > 0)
        {
            return false;
        }

        queue.Closed = true;
        _queues.TryRemove(KeyValuePair.Create(key, queue));
        return true;
    }

    private static async Task ApplyAsync(List<PendingWrite> batch, Func<IReadOnlyList<PendingWrite>, Task> applyBatch)
    {
        try
        {
            await applyBatch(batch);
        }
        catch (Exception e)
        {
            batch.ForEach(write => write.Fail(e));
        }
    }

    private sealed class Queue
    {
        public List<PendingWrite> Writes { get; } = [];

        public bool Draining { get; set; }

        public bool Closed { get; set; }
    }
}
