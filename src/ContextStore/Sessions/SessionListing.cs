using System.Text.Json;
using ContextStore.Cosmos;
using ContextStore.Names;

namespace ContextStore.Sessions;

/// <summary>L1–L2: the sessions of a namespace that hold at least one live property, paged, in session-id order.</summary>
public sealed class SessionListing(CosmosContextRepository repository, TimeProvider clock)
{
    public async Task<IReadOnlyList<string>> ListIdsAsync(
        string accountId, string @namespace, PageRequest page, CancellationToken cancellationToken)
    {
        var rows = await ListPageAsync<SessionIdRow>(accountId, @namespace, "c.sessionId", page, cancellationToken);
        return rows.Select(r => r.SessionId).ToList();
    }

    public async Task<IReadOnlyList<SessionWithPropertiesRow>> ListWithPropertiesAsync(
        string accountId, string @namespace, PageRequest page, CancellationToken cancellationToken) =>
        await ListPageAsync<SessionWithPropertiesRow>(accountId, @namespace, "c.sessionId, c.properties", page, cancellationToken);

    /// <summary>
    /// TOP (skip + perPage) then skip here: portable to every Cosmos DB engine (OFFSET/LIMIT is not), and
    /// it costs what OFFSET costs in Cosmos DB, which also reads the skipped rows.
    /// </summary>
    private async Task<List<T>> ListPageAsync<T>(
        string accountId, string @namespace, string projection, PageRequest page, CancellationToken cancellationToken)
    {
        var end = page.Skip + page.PerPage;
        if (end > int.MaxValue)
        {
            return [];
        }

        var rows = await repository.ListLiveSessionsAsync<T>(
            accountId, @namespace, projection, clock.GetUtcNow(), (int)end, cancellationToken);
        return rows.Skip((int)page.Skip).ToList();
    }
}
