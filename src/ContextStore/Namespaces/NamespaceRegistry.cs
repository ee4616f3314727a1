using ContextStore.Cosmos;
using ContextStore.Names;
using ContextStore.Storage;
using Microsoft.Extensions.Options;

namespace ContextStore.Namespaces;

/// <summary>N1–N3: register, list and delete namespaces.</summary>
public sealed class NamespaceRegistry(
    CosmosContextRepository repository, NamespaceTtlCache ttlCache, TimeProvider clock, IOptions<StoreOptions> options)
{
    private const int DeleteBatchSize = 500;

    /// <summary>
    /// N1: idempotent. A repeat keeps createdAt; <paramref name="ttlSecond"/> replaces the TTL when given
    /// (0 clears it) and leaves it alone when null. Every write is conditional — a create that fails when
    /// another call created the registration first, a replace that fails when the registration changed since
    /// it was read — and a failed one starts over from a fresh read, so concurrent calls never write back a
    /// TTL or createdAt that another call has changed in between.
    /// </summary>
    public async Task RegisterAsync(string accountId, string name, int? ttlSecond, CancellationToken cancellationToken)
    {
        int? ttl = ttlSecond is > 0 ? ttlSecond : null;
        for (var attempt = 1; ; attempt++)
        {
            var stored = await repository.ReadRegistrationAsync(accountId, name, cancellationToken);
            try
            {
                if (stored is null)
                {
                    await repository.CreateRegistrationAsync(new NamespaceDocument
                    {
                        AccountId = accountId,
                        Name = name,
                        CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
                        TtlSecond = ttl,
                    }, cancellationToken);
                }
                else if (ttlSecond is not null && stored.Document.TtlSecond != ttl)
                {
                    await repository.ReplaceRegistrationAsync(stored.Document with { TtlSecond = ttl }, stored.ETag, cancellationToken);
                }

                ttlCache.Forget(accountId, name);
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
                    $"The namespace registration stayed under contention for {attempt} attempts.", TimeSpan.FromSeconds(1), e);
            }
        }
    }

    /// <summary>N2: the registered namespaces of the account, sorted by name, streamed.</summary>
    public IAsyncEnumerable<RegisteredNamespace> StreamAsync(string accountId, CancellationToken cancellationToken) =>
        repository.StreamNamespacesAsync(accountId, cancellationToken)
            .Select(r => new RegisteredNamespace(r.Name, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), r.TtlSecond));

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
