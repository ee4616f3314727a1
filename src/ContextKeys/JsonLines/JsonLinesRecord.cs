namespace ContextKeys.JsonLines;

/// <summary>One line of an export.</summary>
public abstract record JsonLinesRecord;

/// <summary><c>{"type":"namespace","name":…,"registered":…,"ttlSecond":…,"properties":{…}}</c></summary>
public sealed record NamespaceLine(string Name, bool Registered, long? TtlSecond, ReadOnlyMemory<byte> Properties) : JsonLinesRecord;

/// <summary><c>{"type":"session","namespace":…,"sessionId":…,"properties":{…},"ttlSecond":…}</c>; ttlSecond is the session's own TTL.</summary>
public sealed record SessionLine(string Namespace, string SessionId, ReadOnlyMemory<byte> Properties, long? TtlSecond) : JsonLinesRecord;
