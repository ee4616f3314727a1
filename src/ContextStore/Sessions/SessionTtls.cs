using ContextStore.Cosmos;
using ContextStore.Names;

namespace ContextStore.Sessions;

/// <summary>T1–T3: the sessions' own TTLs.</summary>
public sealed class SessionTtls(CosmosContextRepository repository, SessionWriter writer)
{
    /// <summary>T1: sets the session's own TTL, or clears it with 0; it applies from the session's next write on.</summary>
    public Task<WriteResult> SetAsync(SessionKey key, int ttlSecond, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            key,
            (session, write) => session.TtlSecond == (ttlSecond == 0 ? null : ttlSecond)
                ? session
                : session.WithOwnTtl(ttlSecond, write.Now),
            expectedVersion: null,
            cancellationToken);

    /// <summary>T2: the sessions of the namespace that have their own TTL, in session-id order, streamed.</summary>
    public IAsyncEnumerable<SessionTtl> StreamAsync(string accountId, string @namespace, CancellationToken cancellationToken) =>
        repository.StreamSessionTtlsAsync(accountId, @namespace, cancellationToken)
            .Select(r => new SessionTtl(r.SessionId, DateTimeOffset.FromUnixTimeMilliseconds(r.TtlCreatedAt ?? 0), r.TtlSecond));

    /// <summary>T3: the session's properties and its TTL; idempotent.</summary>
    public Task DeleteSessionAsync(SessionKey key, CancellationToken cancellationToken) =>
        repository.DeleteSessionAsync(key, etag: null, cancellationToken);
}
