using System.Runtime.CompilerServices;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Namespaces;

namespace ContextStore.Sessions;

/// <summary>T1–T3: the sessions' own TTLs.</summary>
public sealed class SessionTtls(CosmosContextRepository repository, CurrentSessionReader sessions, SessionWriter writer, TimeProvider clock)
{
    /// <summary>
    /// T1: sets the session's own TTL, or clears it with 0. It counts as a write: the session expires that TTL (or, when
    /// cleared, its namespace's) after the later of its last write and this call. An expired session starts anew.
    /// </summary>
    public Task<WriteResult> SetAsync(SessionKey key, int ttlSecond, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            key,
            (session, write) => session.TtlSecond is null && ttlSecond == 0 && session.PropertyCount == 0
                ? session
                : session.WithOwnTtl(ttlSecond, write.Now, write.NamespaceTtl),
            precondition: null,
            cancellationToken);

    /// <summary>T2: the live sessions of the namespace that have their own TTL, in session-id order, streamed.</summary>
    public async IAsyncEnumerable<SessionTtl> StreamAsync(
        string accountId, string @namespace, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = await sessions.NamespaceAsync(accountId, @namespace, cancellationToken);
        await foreach (var row in repository.StreamSessionTtlsAsync(accountId, @namespace, state.Generation, clock.GetUtcNow(), cancellationToken))
        {
            yield return new SessionTtl(row.SessionId, DateTimeOffset.FromUnixTimeMilliseconds(row.TtlCreatedAt ?? 0), row.TtlSecond);
        }
    }

    /// <summary>T3: the session's properties and its TTL; idempotent.</summary>
    public Task DeleteSessionAsync(SessionKey key, CancellationToken cancellationToken) =>
        repository.DeleteSessionAsync(key, etag: null, cancellationToken);
}
