namespace ContextStore.Sessions;

/// <summary>A row of T2: a session with its own TTL, and when that TTL was first set.</summary>
public sealed record SessionTtl(string SessionId, DateTimeOffset CreatedAt, int TtlSecond);
