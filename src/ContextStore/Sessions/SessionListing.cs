using System.Runtime.CompilerServices;
using ContextStore.Cosmos;
using ContextStore.Names;
using ContextStore.Storage;

namespace ContextStore.Sessions;

/// <summary>
/// L1–L2: the sessions of a namespace that hold at least one live property, paged, in session-id order. A page is
/// found from ids alone, streamed past the skipped ones; only the page's own sessions are then read, a bounded
/// number of characters at a time, so one call's memory does not grow with page, perPage or the sessions' sizes.
/// </summary>
public sealed class SessionListing(CosmosContextRepository repository, TimeProvider clock)
{
    /// <summary>How many characters of properties may be in flight at once: about one session at the size limit.</summary>
    public const int ReadBudgetCharacters = ContextLimits.MaxSessionPropertiesCharacters;

    private const int MaxParallelReads = 16;

    /// <summary>The ids of the page's sessions, with the size of each one's properties.</summary>
    public async Task<IReadOnlyList<SessionPageEntry>> ListPageAsync(
        string accountId, string @namespace, PageRequest page, CancellationToken cancellationToken)
    {
        var end = page.Skip + page.PerPage;
        if (end > int.MaxValue)
        {
            return [];
        }

        var entries = new List<SessionPageEntry>(Math.Min(page.PerPage, 128));
        var position = 0L;
        await foreach (var row in repository.StreamLiveSessionsAsync(accountId, @namespace, clock.GetUtcNow(), (int)end, cancellationToken))
        {
            if (position++ >= page.Skip)
            {
                entries.Add(new SessionPageEntry(row.SessionId, row.PropertiesLength));
            }
        }

        return entries;
    }

    public async Task<IReadOnlyList<string>> ListIdsAsync(
        string accountId, string @namespace, PageRequest page, CancellationToken cancellationToken) =>
        (await ListPageAsync(accountId, @namespace, page, cancellationToken)).Select(r => r.SessionId).ToList();

    /// <summary>
    /// The page's sessions with their properties, in the page's order. Reads run ahead of the consumer while their
    /// sessions fit in <see cref="ReadBudgetCharacters"/> (always at least one); a session that expired or was
    /// emptied since the page was found is left out.
    /// </summary>
    public async IAsyncEnumerable<ListedSession> ReadSessionsAsync(
        string accountId, string @namespace, IReadOnlyList<SessionPageEntry> page, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reads = new Queue<(SessionPageEntry Entry, Task<StoredSession?> Read)>();
        var next = 0;
        long charactersInFlight = 0;
        try
        {
            while (next < page.Count || reads.Count > 0)
            {
                while (next < page.Count && (reads.Count == 0
                       || (reads.Count < MaxParallelReads && charactersInFlight + page[next].PropertiesLength <= ReadBudgetCharacters)))
                {
                    var entry = page[next++];
                    charactersInFlight += entry.PropertiesLength;
                    reads.Enqueue((entry, repository.ReadSessionAsync(new SessionKey(accountId, @namespace, entry.SessionId), stop.Token)));
                }

                var (done, read) = reads.Dequeue();
                var stored = await read;
                charactersInFlight -= done.PropertiesLength;
                if (stored is { Document: { PropertyCount: > 0 } document } && document.IsLive(clock.GetUtcNow()))
                {
                    yield return new ListedSession(done.SessionId, document.Properties);
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var (_, read) in reads)
            {
                // Reads still running when the consumer stopped: wait them out so that none fails unobserved.
                await read.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }
    }
}
