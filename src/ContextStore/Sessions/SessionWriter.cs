using ContextStore.Cosmos;
using ContextStore.Namespaces;
using Microsoft.Extensions.Options;

namespace ContextStore.Sessions;

/// <summary>What a write sees: the time it happens at and the namespace TTL in force.</summary>
public readonly record struct WriteContext(DateTimeOffset Now, int? NamespaceTtl);

/// <summary>
/// Applies one change to one session: read the document, change it, write it back only if nobody wrote in
/// between (IfMatchEtag), and start over when somebody did, so concurrent writers never lose an update.
/// </summary>
public sealed class SessionWriter(
    CosmosContextRepository repository, NamespaceTtlCache namespaceTtls, TimeProvider clock, IOptions<StoreOptions> options)
{
    /// <param name="change">Returns the next document, or the same instance when nothing changes.</param>
    /// <param name="expectedVersion">The client's If-Match; null writes whatever version is stored.</param>
    public async Task<WriteResult> WriteAsync(
        SessionKey key,
        Func<SessionDocument, WriteContext, SessionDocument> change,
        string? expectedVersion,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await repository.ReadSessionAsync(key, cancellationToken);
            if (expectedVersion is not null && !SessionVersions.Matches(expectedVersion, stored?.ETag))
            {
                return WriteResult.VersionMismatch;
            }

            var namespaceTtl = await namespaceTtls.GetAsync(key.AccountId, key.Namespace, cancellationToken);
            var context = new WriteContext(clock.GetUtcNow(), namespaceTtl);
            var current = stored?.Document ?? SessionDocument.Empty(key);
            var next = change(current, context);
            if (ReferenceEquals(next, current))
            {
                return WriteResult.Saved(stored?.ETag ?? SessionVersions.Absent);
            }

            if (!ReferenceEquals(next.Properties, current.Properties) && !SessionPropertiesSize.IsWithinLimit(next.Properties))
            {
                return WriteResult.DocumentTooLarge;
            }

            try
            {
                return WriteResult.Saved(await SaveAsync(stored, next, context.Now, cancellationToken));
            }
            catch (WriteConflictException) when (expectedVersion is not null && !SessionVersions.IsAnyVersion(expectedVersion))
            {
                return WriteResult.VersionMismatch;
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
