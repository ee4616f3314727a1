using ContextStore.Cosmos;

namespace ContextStore.Namespaces;

/// <summary>N1–N3: register, list and delete namespaces.</summary>
public sealed class NamespaceRegistry(CosmosContextRepository repository, NamespaceTtlCache ttlCache, TimeProvider clock)
{
    private const int DeleteBatchSize = 500;

    /// <summary>
    /// N1: idempotent. A repeat keeps createdAt; <paramref name="ttlSecond"/> replaces the TTL when given
    /// (0 clears it) and leaves it alone when null.
    /// </summary>
    public async Task RegisterAsync(string accountId, string name, int? ttlSecond, CancellationToken cancellationToken)
    {
        var existing = await repository.ReadNamespaceAsync(accountId, name, cancellationToken);
        var ttl = ttlSecond is null ? existing?.TtlSecond : ttlSecond > 0 ? ttlSecond : null;
        var registration = new NamespaceDocument
        {
            AccountId = accountId,
            Name = name,
            CreatedAt = existing?.CreatedAt ?? clock.GetUtcNow().ToUnixTimeMilliseconds(),
            TtlSecond = ttl,
        };
        await repository.UpsertNamespaceAsync(registration, cancellationToken);
        ttlCache.Forget(accountId, name);
    }

    /// <summary>N2: the registered namespaces of the account, sorted by name.</summary>
    public async Task<IReadOnlyList<RegisteredNamespace>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        var registrations = await repository.ListNamespacesAsync(accountId, cancellationToken);
        return registrations
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new RegisteredNamespace(r.Name, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), r.TtlSecond))
            .ToList();
    }

    /// <summary>N3: the registration, its TTL, and every session, property and session TTL in the namespace.</summary>
    public async Task DeleteAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        await repository.DeleteNamespaceRegistrationAsync(accountId, name, cancellationToken);
        ttlCache.Forget(accountId, name);

        while (true)
        {
            var batch = await repository.ListAllSessionIdsAsync(accountId, name, DeleteBatchSize, cancellationToken);
            await Parallel.ForEachAsync(
                batch,
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (row, ct) => await repository.DeleteSessionAsync(new SessionKey(accountId, name, row.SessionId), null, ct));
            if (batch.Count < DeleteBatchSize)
            {
                return;
            }
        }
    }
}
