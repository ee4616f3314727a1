using System.Runtime.CompilerServices;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Namespaces;
using ContextStore.Storage;

namespace ContextStore.Sessions;

/// <summary>
/// L1–L2: the sessions of a namespace that hold at least one live property, paged, in session-id order. A page is
/// found from ids alone, streamed past the skipped ones; only the page's own sessions are then read, a bounded
/// number of characters at a time, so one call's memory does not grow with page, perPage or the sessions' sizes.
/// </summary>
public sealed class SessionListing(CosmosContextRepository repository, CurrentSessionReader sessions, TimeProvider clock)
{
    /// <summary>How many characters of properties may be in flight at once: about one session at the size limit.</summary>
    public const int ReadBudgetCharacters = ContextLimits.MaxSessionPropertiesCharacters;

    private const int MaxSessionsPerQuery = 100;

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
        var state = await sessions.NamespaceAsync(accountId, @namespace, cancellationToken);
        await foreach (var row in repository.StreamLiveSessionsAsync(
                           accountId, @namespace, state.Generation, clock.GetUtcNow(), (int)end, cancellationToken))
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
    /// The page's sessions with their properties, in the page's order. They are read a group at a time by one query
    /// that returns only sessions whose stored properties fit their share of <see cref="ReadBudgetCharacters"/>, so
    /// no more than the budget arrives at once even when sessions grew since the page was found; one that outgrew
    /// its share is read on its own. A session that expired, was emptied or was deleted with its namespace since the page
    /// was found is left out.
    /// </summary>
    public async IAsyncEnumerable<ListedSession> ReadSessionsAsync(
        string accountId, string @namespace, IReadOnlyList<SessionPageEntry> page, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = 0;
        var state = await sessions.NamespaceAsync(accountId, @namespace, cancellationToken);
        while (next < page.Count)
        {
            var group = NextGroup(page, ref next);
            var found = new Dictionary<string, SessionDocument>(StringComparer.Ordinal);
            if (group.Count > 1)
            {
                var share = ReadBudgetCharacters / group.Count;
                var ids = group.Select(entry => entry.SessionId).ToList();
                await foreach (var document in repository.StreamSessionsUpToAsync(accountId, @namespace, ids, share, cancellationToken))
                {
                    found[document.SessionId] = document;
                }
            }

            foreach (var entry in group)
            {
                // Not found by the group's query: gone, or grown past its share; a point read tells which.
                var document = found.Remove(entry.SessionId, out var grouped)
                    ? grouped with { InDeletedNamespace = grouped.Generation < state.Generation }
                    : (await sessions.ReadAsync(new SessionKey(accountId, @namespace, entry.SessionId), cancellationToken)).Session?.Document;
                if (document is { PropertyCount: > 0 } && document.IsLive(clock.GetUtcNow()))
                {
                    yield return new ListedSession(entry.SessionId, document.Properties);
                }
            }
        }
    }

    /// <summary>The next sessions of the page whose listed sizes all fit an equal share of the budget (at least one).</summary>
    private static List<SessionPageEntry> NextGroup(IReadOnlyList<SessionPageEntry> page, ref int next)
    {
        var group = new List<SessionPageEntry> { page[next++] };
        var largest = Math.Max(group[0].PropertiesLength, 1);
        while (next < page.Count && group.Count < MaxSessionsPerQuery)
        {
            var candidate = Math.Max(largest, page[next].PropertiesLength);
            if ((long)candidate * (group.Count + 1) > ReadBudgetCharacters)
            {
                break;
            }

            largest = candidate;
            group.Add(page[next++]);
        }

        return group;
    }
}
