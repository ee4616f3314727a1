using System.Text.Json.Serialization;
using ContextStore.Contract;

namespace ContextStore.Storage;

public sealed record LiveSessionRow(
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("propertiesLength")] int PropertiesLength);

public sealed record SessionTtlRow(
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("ttlSecond")] int TtlSecond,
    [property: JsonPropertyName("ttlCreatedAt")] long? TtlCreatedAt);

/// <summary>A stored session document to remove: where it is, and the version that a conditional delete must match.</summary>
public sealed record SessionToRemoveRow(
    [property: JsonPropertyName("accountId")] string AccountId,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("_etag")] string ETag)
{
    public SessionKey Key => new(AccountId, Namespace, SessionId);
}

/// <summary>A whole stored session document with Cosmos DB's <c>_ts</c> (seconds of its last change) and its version.</summary>
public sealed record StoredSessionRow(
    [property: JsonPropertyName("document")] SessionDocument Document,
    [property: JsonPropertyName("ts")] long LastModifiedSeconds,
    [property: JsonPropertyName("etag")] string ETag);

/// <summary>A row of N2: a registered namespace's name (stored as the registration's sessionId), creation time and TTL.</summary>
public sealed record NamespaceRow(
    [property: JsonPropertyName("sessionId")] string Name,
    [property: JsonPropertyName("createdAt")] long CreatedAt,
    [property: JsonPropertyName("ttlSecond")] int? TtlSecond);

/// <summary>A namespace whose sessions of older generations are still to be removed.</summary>
public sealed record PendingRemovalRow(
    [property: JsonPropertyName("accountId")] string AccountId,
    [property: JsonPropertyName("sessionId")] string Name,
    [property: JsonPropertyName("generation")] int Generation);
