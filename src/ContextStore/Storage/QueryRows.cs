using System.Text.Json.Serialization;
using ContextStore.Names;

namespace ContextStore.Storage;

public sealed record SessionIdRow([property: JsonPropertyName("sessionId")] string SessionId);

public sealed record LiveSessionRow(
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("propertiesLength")] int PropertiesLength);

public sealed record SessionTtlRow(
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("ttlSecond")] int TtlSecond,
    [property: JsonPropertyName("ttlCreatedAt")] long? TtlCreatedAt);

public sealed record ExpiredSessionRow(
    [property: JsonPropertyName("accountId")] string AccountId,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("ttlSecond")] int? TtlSecond,
    [property: JsonPropertyName("ttlCreatedAt")] long? TtlCreatedAt,
    [property: JsonPropertyName("lastWriteAt")] long LastWriteAt,
    [property: JsonPropertyName("_etag")] string ETag)
{
    public SessionKey Key => new(AccountId, Namespace, SessionId);
}

/// <summary>A row of N2: a registered namespace's name (stored as the registration's sessionId), creation time and TTL.</summary>
public sealed record NamespaceRow(
    [property: JsonPropertyName("sessionId")] string Name,
    [property: JsonPropertyName("createdAt")] long CreatedAt,
    [property: JsonPropertyName("ttlSecond")] int? TtlSecond);
