namespace ContextAdmin.Api;

/// <summary>A registered namespace as N2 lists it: its name and, when set, its TTL in seconds.</summary>
public sealed record NamespaceRecord(string Name, long? TtlSecond);

/// <summary>A session's own TTL as T2 lists it.</summary>
public sealed record SessionTtlRecord(string SessionId, long TtlSecond);

/// <summary>One session of an L2 page: its id and its properties as the raw JSON text the source sent.</summary>
public sealed record SessionRecord(string SessionId, ReadOnlyMemory<byte> Properties);
