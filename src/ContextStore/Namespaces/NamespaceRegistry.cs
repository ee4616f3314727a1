using ContextStore.Cosmos;
using ContextStore.Storage;
using Microsoft.Extensions.Options;

namespace ContextStore.Namespaces;

/// <summary>N1–N3: register, list and delete namespaces.</summary>
public sealed class NamespaceRegistry(
    CosmosContextRepository repository, NamespaceStateCache namespaces, TimeProvider clock, IOptions<StoreOptions> options)
{
    /// <summary>
    /// N1: idempotent. A repeat keeps createdAt; <paramref name="ttlSecond"/> replaces the TTL when given
    /// (0 clears it) and leaves it alone when null. Every write is conditional — a create that fails when
    /// another call created the registration first, a replace that fails when the registration changed since
    /// it was read — and a failed one starts over from a fresh read, so concurrent calls never write back a
    /// TTL or createdAt that another call has changed in between. A deleted namespace is registered anew, keeping its
    /// generation and the removal of its older sessions.
    /// </summary>
    public async Task RegisterAsync(string accountId, string name, int? ttlSecond, CancellationToken cancellationToken)
    {
        int? ttl = ttlSecond is > 0 ? ttlSecond : null;
        await ChangeAsync(accountId, name, stored =>
        {
            if (stored is null || !stored.IsRegistered)
            {
                return (stored ?? new NamespaceDocument { AccountId = accountId, Name = name }) with
                {
                    Kind = NamespaceDocument.NamespaceKind,
                    CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
                    TtlSecond = ttl,
                };
            }

            return ttlSecond is not null && stored.TtlSecond != ttl ? stored with { TtlSecond = ttl } : stored;
        }, cancellationToken);
    }

    /// <summary>N2: the registered namespaces of the account, sorted by name, streamed.</summary>
    public IAsyncEnumerable<RegisteredNamespace> StreamAsync(string accountId, CancellationToken cancellationToken) =>
        repository.StreamNamespacesAsync(accountId, cancellationToken)
            .Select(r => new RegisteredNamespace(r.Name, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), r.TtlSecond));

    /// <summary>
    /// N3: the registration, its TTL, and every session, property and session TTL in the namespace, in one write of the
    /// namespace's document whatever the namespace holds: its generation goes up, so every session written before reads
    /// as gone and the next write to the namespace starts it empty; the sweep removes those sessions' documents later
    /// (<see cref="NamespaceDocument.RemovalPending"/>). Answers once every instance reads the namespace as gone: after
    /// <see cref="NamespaceStateCache.VisibilityDelay"/>.
    /// </summary>
    public async Task DeleteAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        await ChangeAsync(accountId, name, stored => new NamespaceDocument
        {
            AccountId = accountId,
            Name = name,
            Kind = NamespaceDocument.DeletedKind,
            Generation = (stored?.Generation ?? 0) + 1,
            DeletedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            RemovalPending = true,
        }, cancellationToken);

        // Real time, not the injected clock: every instance's cache entries age in it.
        await Task.Delay(namespaces.VisibilityDelay, cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the namespace's document (null: none stored) and writes the result if it
    /// differs, only if nobody wrote in between; starts over from a fresh read when somebody did.
    /// </summary>
    private async Task ChangeAsync(
        string accountId, string name, Func<NamespaceDocument?, NamespaceDocument> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await repository.ReadRegistrationAsync(accountId, name, cancellationToken);
            var next = change(stored?.Document);
            try
            {
                if (stored is null)
                {
                    await repository.CreateRegistrationAsync(next, cancellationToken);
                }
                else if (next != stored.Document)
                {
                    await repository.ReplaceRegistrationAsync(next, stored.ETag, cancellationToken);
                }

                namespaces.Forget(accountId, name);
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
                    $"The namespace document stayed under contention for {attempt} attempts.", TimeSpan.FromSeconds(1), e);
            }
        }
    }
}
