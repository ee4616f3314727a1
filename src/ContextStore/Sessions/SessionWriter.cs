using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Namespaces;
using ContextStore.Storage;
using ContextStore.Telemetry;
using Microsoft.Extensions.Options;

namespace ContextStore.Sessions;

/// <summary>What a write sees: the time it happens at and the namespace TTL in force.</summary>
public readonly record struct WriteContext(DateTimeOffset Now, int? NamespaceTtl);

/// <summary>
/// Applies changes to one session: read the document, change it, write it back only if nobody wrote in between
/// (IfMatchEtag), and start over when somebody did, so concurrent writers never lose an update. Unconditional writes
/// to the same session in this process are applied in batches (<see cref="SessionWriteQueues"/>).
/// </summary>
public sealed class SessionWriter(
    CosmosContextRepository repository,
    CurrentSessionReader sessions,
    SessionWriteQueues queues,
    TimeProvider clock,
    IOptions<StoreOptions> options,
    ContextMetrics metrics)
{
    /// <param name="change">Returns the next document, or the same instance when nothing changes.</param>
    /// <param name="precondition">The client's If-Match; null writes whatever version is stored.</param>
    /// <param name="cancellationToken">Stops the wait; a write already queued is still applied.</param>
    public async Task<WriteResult> WriteAsync(
        SessionKey key,
        Func<SessionDocument, WriteContext, SessionDocument> change,
        WritePrecondition? precondition,
        CancellationToken cancellationToken)
    {
        var write = new PendingWrite(change);
        if (precondition is not null)
        {
            await ApplyAsync(key, [write], precondition, cancellationToken);
        }
        else
        {
            await queues.Enqueue(key, write, batch =>
                {
                    metrics.WriteBatch(batch.Count);
                    return ApplyAsync(key, batch, precondition: null, CancellationToken.None);
                })
                .WaitAsync(cancellationToken);
        }

        return await write.Result.WaitAsync(cancellationToken);
    }

    /// <summary>Applies the writes in order on one read of the session and saves them with one conditional write.</summary>
    private async Task ApplyAsync(
        SessionKey key, IReadOnlyList<PendingWrite> writes, WritePrecondition? precondition, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (stored, ns) = await sessions.ReadAsync(key, cancellationToken);
            var now = clock.GetUtcNow();
            // An expired session, or one deleted with its namespace, is gone whole: the writes start from nothing, and
            // no ETag read while it was live names it any more.
            var live = stored is not null && stored.Document.IsLive(now) ? stored : null;
            if (precondition is not null && !precondition.IsMetBy(live?.ETag))
            {
                writes[0].Complete(WriteResult.VersionMismatch);
                return;
            }

            var context = new WriteContext(now, ns.TtlSecond);
            var current = live?.Document ?? SessionDocument.Empty(key, ns.Generation);
            var (next, tooLarge) = Apply(current, writes, context);
            try
            {
                var etag = ReferenceEquals(next, current)
                    ? live?.ETag ?? SessionVersions.Absent
                    : await SaveAsync(stored, next, context.Now, cancellationToken);
                CompleteInOrder(writes, tooLarge, etag);
                return;
            }
            catch (DocumentTooLargeException) when (writes.Count > 1)
            {
                // Together they overflow Cosmos DB's item; apart, each is saved or refused on its own.
                foreach (var write in writes)
                {
                    await ApplyAsync(key, [write], precondition, cancellationToken);
                }

                return;
            }
            catch (DocumentTooLargeException)
            {
                writes[0].Complete(WriteResult.DocumentTooLarge);
                return;
            }
            catch (WriteConflictException) when (precondition is { IsAnyLiveVersion: false })
            {
                writes[0].Complete(WriteResult.VersionMismatch);
                return;
            }
            catch (WriteConflictException) when (attempt < options.Value.MaxWriteAttempts)
            {
                // Real time, not the injected clock: the wait is about Cosmos DB, not about TTLs.
                await Task.Delay(ContentionBackoff.After(attempt), cancellationToken);
            }
            catch (WriteConflictException e)
            {
                throw new StoreUnavailableException(
                    $"The session stayed under contention for {attempt} attempts.", TimeSpan.FromSeconds(1), e);
            }
        }
    }

    /// <summary>
    /// The writes of one version are ordered as they were applied: only the last one saved answers with the version's
    /// ETag, since an earlier one's If-Match with it would pass over the later writes it never saw. The earlier ones
    /// answer without an ETag, as a serial order of the same writes could not give them this one.
    /// </summary>
    private static void CompleteInOrder(IReadOnlyList<PendingWrite> writes, HashSet<PendingWrite>? tooLarge, string etag)
    {
        var last = writes.Count - 1;
        while (last >= 0 && tooLarge?.Contains(writes[last]) == true)
        {
            last--;
        }

        // A session left without a document has no version of its own: "0" names every absent state alike, so an
        // If-Match with it would pass over writes stored and removed since.
        var hasVersion = etag != SessionVersions.Absent;
        for (var i = 0; i < writes.Count; i++)
        {
            writes[i].Complete(
                tooLarge?.Contains(writes[i]) == true ? WriteResult.DocumentTooLarge
                : i == last && hasVersion ? WriteResult.Saved(etag)
                : WriteResult.SavedWithoutVersion);
        }
    }

    /// <summary>Each change in turn; one that would take the properties past the limit is left out and reported (null: none was).</summary>
    private static (SessionDocument Next, HashSet<PendingWrite>? TooLarge) Apply(
        SessionDocument current, IReadOnlyList<PendingWrite> writes, WriteContext context)
    {
        var next = current;
        HashSet<PendingWrite>? tooLarge = null;
        foreach (var write in writes)
        {
            var changed = write.Change(next, context);
            if (changed.Properties.Json.Length > ContextLimits.MaxSessionPropertiesCharacters)
            {
                (tooLarge ??= []).Add(write);
            }
            else
            {
                next = changed;
            }
        }

        return (next, tooLarge);
    }

    private async Task<string> SaveAsync(StoredSession? stored, SessionDocument next, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!next.IsWorthKeeping(now))
        {
            if (stored is not null)
            {
                await repository.DeleteSessionAsync(next.Key, stored.ETag, cancellationToken);
            }

            return SessionVersions.Absent;
        }

        return stored is null
            ? await repository.CreateSessionAsync(next, cancellationToken)
            : await repository.ReplaceSessionAsync(next, stored.ETag, cancellationToken);
    }
}
