using ContextStore.Cosmos;
using ContextStore.Storage;
using Microsoft.Extensions.Logging;

namespace ContextStore.Expiry;

/// <summary>
/// Physically removes sessions whose expiry has passed. Readers already treat them as gone; this frees
/// the storage. A session with its own TTL keeps its document without properties, since TTL records
/// outlive expiry. Each batch is one indexed range query on <c>expiresAt</c> plus one request per
/// expired session, so the cost follows the number of expired sessions, not the number stored.
/// </summary>
public sealed class ExpiredSessionSweeper(CosmosContextRepository repository, TimeProvider clock, ILogger<ExpiredSessionSweeper> logger)
{
    private const int BatchSize = 500;

    /// <returns>How many expired sessions were removed.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        while (true)
        {
            var now = clock.GetUtcNow();
            var batch = await repository.ListExpiredSessionsAsync(now, BatchSize, cancellationToken);
            var removedInBatch = 0;
            await Parallel.ForEachAsync(
                batch,
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (row, ct) =>
                {
                    if (await RemoveAsync(row, ct))
                    {
                        Interlocked.Increment(ref removedInBatch);
                    }
                });
            removed += removedInBatch;

            // A short batch was the last; a batch where nothing could be removed would only repeat itself.
            if (batch.Count < BatchSize || removedInBatch == 0)
            {
                return removed;
            }
        }
    }

    private async Task<bool> RemoveAsync(ExpiredSessionRow row, CancellationToken cancellationToken)
    {
        try
        {
            if (row.TtlSecond is null)
            {
                await repository.DeleteSessionAsync(row.Key, row.ETag, cancellationToken);
            }
            else
            {
                var emptied = SessionDocument.Empty(row.Key) with
                {
                    TtlSecond = row.TtlSecond,
                    TtlCreatedAt = row.TtlCreatedAt,
                    LastWriteAt = row.LastWriteAt,
                };
                await repository.ReplaceSessionAsync(emptied, row.ETag, cancellationToken);
            }

            return true;
        }
        catch (WriteConflictException)
        {
            // Written or deleted since the query: no longer this sweep's to remove.
            logger.LogDebug("Session changed during the sweep and was left alone");
            return false;
        }
    }
}
