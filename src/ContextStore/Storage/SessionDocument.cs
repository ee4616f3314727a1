using System.Text.Json.Serialization;
using ContextStore.Json;
using ContextStore.Names;

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

    [JsonPropertyName("properties")]
    [JsonConverter(typeof(StoredPropertiesJsonConverter))]
    public StoredProperties Properties { get; init; } = StoredProperties.Empty;

    /// <summary>Stored beside the properties so listings can filter out empty sessions in the query.</summary>
    [JsonPropertyName("propertyCount")]
    public int PropertyCount { get; init; }

    /// <summary>Characters of the properties' JSON, so a listing can bound what it reads at once before reading it.</summary>
    [JsonPropertyName("propertiesLength")]
    public int PropertiesLength { get; init; }

    /// <summary>Unix milliseconds of the last property write.</summary>
    [JsonPropertyName("lastWriteAt")]
    public long LastWriteAt { get; init; }

    /// <summary>Unix milliseconds at which the properties expire; <see cref="SessionExpiry.Never"/> without TTL.</summary>
    [JsonPropertyName("expiresAt")]
    public long ExpiresAt { get; init; } = SessionExpiry.Never;

    /// <summary>The session's own TTL (T1), which wins over the namespace's.</summary>
    [JsonPropertyName("ttlSecond")]
    public int? TtlSecond { get; init; }

    /// <summary>Unix milliseconds at which the session's own TTL was first set.</summary>
    [JsonPropertyName("ttlCreatedAt")]
    public long? TtlCreatedAt { get; init; }

    public static SessionDocument Empty(SessionKey key) =>
        new() { AccountId = key.AccountId, Namespace = key.Namespace, SessionId = key.SessionId };

    public SessionKey Key => new(AccountId, Namespace, SessionId);

    public bool IsLive(DateTimeOffset now) => SessionExpiry.IsLive(ExpiresAt, now);

    /// <summary>The properties a reader sees: none once the session has expired.</summary>
    public StoredProperties LiveProperties(DateTimeOffset now) => IsLive(now) ? Properties : StoredProperties.Empty;

    /// <summary>A property write: new properties, and the expiry restarts from now.</summary>
    public SessionDocument WithProperties(StoredProperties properties, DateTimeOffset now, int? namespaceTtl) =>
        this with
        {
            Properties = properties,
            PropertyCount = properties.Count,
            PropertiesLength = properties.Json.Length,
            LastWriteAt = now.ToUnixTimeMilliseconds(),
            ExpiresAt = SessionExpiry.ExpiresAt(now, SessionExpiry.EffectiveTtl(TtlSecond, namespaceTtl)),
        };

    /// <summary>Sets (or with 0 clears) the session's own TTL; it applies from the next write on.</summary>
    public SessionDocument WithOwnTtl(int ttlSecond, DateTimeOffset now) =>
        ttlSecond == 0
            ? this with { TtlSecond = null, TtlCreatedAt = null }
            : this with { TtlSecond = ttlSecond, TtlCreatedAt = TtlCreatedAt ?? now.ToUnixTimeMilliseconds() };

    /// <summary>No properties left; the session's own TTL, if any, stays.</summary>
    public SessionDocument WithoutProperties() =>
        this with { Properties = StoredProperties.Empty, PropertyCount = 0, PropertiesLength = 0, ExpiresAt = SessionExpiry.Never };

    /// <summary>A document with neither live properties nor an own TTL carries nothing and is deleted instead.</summary>
    public bool IsWorthKeeping(DateTimeOffset now) => TtlSecond is not null || (PropertyCount > 0 && IsLive(now));
}
