using System.Text.Json.Serialization;
using ContextStore.Contract;
using ContextStore.Json;

namespace ContextStore.Storage;

/// <summary>
/// One session as stored: its properties, when it was last written, when it expires and its own TTL.
/// Partition key [accountId, namespace, sessionId]; every session is its own logical partition, so the
/// id is a constant and session ids never meet Cosmos DB's id character rules.
/// </summary>
public sealed record SessionDocument
{
    public const string DocumentId = "session";
    public const string SessionKind = "session";

    [JsonPropertyName("id")]
    public string Id { get; init; } = DocumentId;

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = SessionKind;

    [JsonPropertyName("accountId")]
    public required string AccountId { get; init; }

    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    [JsonPropertyName("sessionId")]
    public required string SessionId { get; init; }

    /// <summary>
    /// The generation of the namespace the session was written in (<see cref="NamespaceDocument.Generation"/>); a
    /// session of an older generation was deleted with its namespace (N3). Documents from before generations have none: 0.
    /// </summary>
    [JsonPropertyName("generation")]
    public int Generation { get; init; }

    [JsonPropertyName("properties")]
    [JsonConverter(typeof(StoredPropertiesJsonConverter))]
    public StoredProperties Properties { get; init; } = StoredProperties.Empty;

    /// <summary>Stored beside the properties so listings can filter out empty sessions in the query.</summary>
    [JsonPropertyName("propertyCount")]
    public int PropertyCount { get; init; }

    /// <summary>Characters of the properties' JSON, so a listing can bound what it reads at once before reading it.</summary>
    [JsonPropertyName("propertiesLength")]
    public int PropertiesLength { get; init; }

    /// <summary>Unix milliseconds of the last write: of a property, of all properties (S6) or of the session's own TTL (T1).</summary>
    [JsonPropertyName("lastWriteAt")]
    public long LastWriteAt { get; init; }

    /// <summary>Unix milliseconds at which the session expires, whole; <see cref="SessionExpiry.Never"/> without TTL.</summary>
    [JsonPropertyName("expiresAt")]
    public long ExpiresAt { get; init; } = SessionExpiry.Never;

    /// <summary>Cosmos DB's own TTL: seconds from this write until Cosmos DB removes the document; none when it never expires.</summary>
    [JsonPropertyName("ttl")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Ttl { get; init; }

    /// <summary>The session's own TTL (T1), which wins over the namespace's.</summary>
    [JsonPropertyName("ttlSecond")]
    public int? TtlSecond { get; init; }

    /// <summary>Unix milliseconds at which the session's own TTL was first set.</summary>
    [JsonPropertyName("ttlCreatedAt")]
    public long? TtlCreatedAt { get; init; }

    /// <summary>
    /// Set when read: the namespace was deleted (N3) after this session was written, so the session is gone, as an
    /// expired one is, whether or not its document was removed yet. Never stored.
    /// </summary>
    [JsonIgnore]
    public bool InDeletedNamespace { get; init; }

    public static SessionDocument Empty(SessionKey key, int generation = 0) =>
        new() { AccountId = key.AccountId, Namespace = key.Namespace, SessionId = key.SessionId, Generation = generation };

    public SessionKey Key => new(AccountId, Namespace, SessionId);

    /// <summary>Whether the session exists for readers: neither expired nor deleted with its namespace.</summary>
    public bool IsLive(DateTimeOffset now) => !InDeletedNamespace && SessionExpiry.IsLive(ExpiresAt, now);

    /// <summary>The properties a reader sees: none once the session has expired.</summary>
    public StoredProperties LiveProperties(DateTimeOffset now) => IsLive(now) ? Properties : StoredProperties.Empty;

    /// <summary>A property write: new properties, and the expiry restarts from now.</summary>
    public SessionDocument WithProperties(StoredProperties properties, DateTimeOffset now, int? namespaceTtl) =>
        (this with
        {
            Properties = properties,
            PropertyCount = properties.Count,
            PropertiesLength = properties.Json.Length,
        }).WrittenAt(now, SessionExpiry.EffectiveTtl(TtlSecond, namespaceTtl));

    /// <summary>
    /// T1: sets (or with 0 clears) the session's own TTL. It counts as a write: the expiry restarts from now, by the new
    /// own TTL or, when cleared, the namespace's.
    /// </summary>
    public SessionDocument WithOwnTtl(int ttlSecond, DateTimeOffset now, int? namespaceTtl)
    {
        var changed = ttlSecond == 0
            ? this with { TtlSecond = null, TtlCreatedAt = null }
            : this with { TtlSecond = ttlSecond, TtlCreatedAt = TtlCreatedAt ?? now.ToUnixTimeMilliseconds() };
        return changed.WrittenAt(now, SessionExpiry.EffectiveTtl(changed.TtlSecond, namespaceTtl));
    }

    /// <summary>S6: no properties left; the session's own TTL stays and, this being a write, its expiry restarts from now.</summary>
    public SessionDocument WithoutProperties(DateTimeOffset now) =>
        (this with { Properties = StoredProperties.Empty, PropertyCount = 0, PropertiesLength = 0 })
            .WrittenAt(now, SessionExpiry.EffectiveTtl(TtlSecond, namespaceTtl: null));

    /// <summary>The document with the given expiry and, counted from <paramref name="now"/>, Cosmos DB's ttl for it.</summary>
    public SessionDocument ExpiringAt(long expiresAt, DateTimeOffset now) =>
        this with { ExpiresAt = expiresAt, Ttl = SessionExpiry.NativeTtl(expiresAt, now) };

    /// <summary>
    /// A document that is live and holds properties or an own TTL is kept; any other carries nothing and is deleted
    /// instead.
    /// </summary>
    public bool IsWorthKeeping(DateTimeOffset now) => IsLive(now) && (TtlSecond is not null || PropertyCount > 0);

    /// <summary>The document as written at <paramref name="now"/>: its expiry, in exact milliseconds and as Cosmos DB's ttl.</summary>
    private SessionDocument WrittenAt(DateTimeOffset now, int? effectiveTtl)
    {
        var expiresAt = SessionExpiry.ExpiresAt(now, effectiveTtl);
        return this with
        {
            LastWriteAt = now.ToUnixTimeMilliseconds(),
            ExpiresAt = expiresAt,
            Ttl = SessionExpiry.NativeTtl(expiresAt, now),
        };
    }
}
