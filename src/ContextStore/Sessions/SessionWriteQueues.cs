using System.Collections.Concurrent;
using ContextStore.Names;

namespace ContextStore.Sessions;

/// <summary>
/// Writes to one session queue up while a batch of earlier ones is being saved, so that one read and one conditional
/// replace carry every change that arrived meanwhile. Concurrent writers of a hot session then cost a few round trips
/// instead of retrying each other's ETag conflicts; other instances are still kept out by the ETag.
/// </summary>
public sealed class SessionWriteQueues
{
    private readonly ConcurrentDictionary<SessionKey, Queue> _queues = new();

    /// <summary>Adds <paramref name="write"/> to the session's queue, starting <paramref name="applyBatch"/> in the background when none runs.</summary>
    public void Enqueue(SessionKey key, PendingWrite write, Func<IReadOnlyList<PendingWrite>, Task> applyBatch)
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
                if (!queue.Draining)
                {
                    queue.Draining = true;
                    _ = Task.Run(() => DrainAsync(key, queue, applyBatch));
                }

                return;
            }
        }
    }

    private async Task DrainAsync(SessionKey key, Queue queue, Func<IReadOnlyList<PendingWrite>, Task> applyBatch)
    {
        while (true)
        {
            List<PendingWrite> batch;
            lock (queue)
            {
                if (queue.Writes.Count == 0)
                {
                    // Closed before it leaves the map: a writer that still finds it takes a new queue instead.
                    queue.Closed = true;
                    _queues.TryRemove(KeyValuePair.Create(key, queue));
                    return;
                }

                batch = [.. queue.Writes];
                queue.Writes.Clear();
            }

            try
            {
                await applyBatch(batch);
            }
            catch (Exception e)
            {
                batch.ForEach(write => write.Fail(e));
            }
        }
    }

    private sealed class Queue
    {
        public List<PendingWrite> Writes { get; } = [];

        public bool Draining { get; set; }

        public bool Closed { get; set; }
    }
}
