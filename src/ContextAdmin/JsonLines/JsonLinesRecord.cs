namespace ContextAdmin.JsonLines;

/// <summary>One line of an export.</summary>
public abstract record JsonLinesRecord;

/// <summary>
/// The first line: <c>{"type":"header","format":"context-admin-export","version":2,"source":…,"account":…,"exportedAt":…}</c>:
/// what wrote the file, from which endpoint and account, and when.
/// </summary>
public sealed record HeaderLine(int Version, string Source, string Account, DateTimeOffset ExportedAt) : JsonLinesRecord
{
    public const string Format = "context-admin-export";
    public const int CurrentVersion = 2;
}

/// <summary><c>{"type":"namespace","name":…,"registered":…,"ttlSecond":…,"properties":{…}}</c></summary>
public sealed record NamespaceLine(string Name, bool Registered, long? TtlSecond, ReadOnlyMemory<byte> Properties) : JsonLinesRecord;

/// <summary><c>{"type":"sessionTtl","namespace":…,"sessionId":…,"ttlSecond":…}</c>: a session's own TTL (T2).</summary>
public sealed record SessionTtlLine(string Namespace, string SessionId, long TtlSecond) : JsonLinesRecord;

/// <summary>
/// <c>{"type":"session","namespace":…,"sessionId":…,"properties":{…}}</c>. Files of version 1 also carried the
/// session's own TTL here (<c>"ttlSecond"</c>), which is read still.
/// </summary>
public sealed record SessionLine(string Namespace, string SessionId, ReadOnlyMemory<byte> Properties, long? TtlSecond = null) : JsonLinesRecord;

/// <summary>
/// The last line: <c>{"type":"trailer","namespaces":…,"sessions":…,"sessionTtls":…,"records":…,"sha256":…}</c>: the
/// counts of the lines between header and trailer, and the SHA-256 of every byte before the trailer. A file without
/// it is incomplete; a file whose bytes do not hash to it was changed.
/// </summary>
public sealed record TrailerLine(long Namespaces, long Sessions, long SessionTtls, long Records, string Sha256) : JsonLinesRecord;
