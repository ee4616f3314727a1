using System.Text.Json.Serialization;

namespace ContextStore.Storage;

/// <summary>
/// A namespace registration (N1). Registrations live under the partition prefix [accountId, "namespace"]:
/// "namespace" is a reserved namespace name, so no session can share it, and listing an account's
/// namespaces is one targeted prefix query.
/// </summary>
public sealed record NamespaceDocument
{
    public const string DocumentId = "namespace";
    public const string NamespaceKind = "namespace";
    public const string RegistryPartition = "namespace";

    [JsonPropertyName("id")]
    public string Id { get; init; } = DocumentId;

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = NamespaceKind;

    [JsonPropertyName("accountId")]
    public required string AccountId { get; init; }

    [JsonPropertyName("namespace")]
    public string Namespace { get; init; } = RegistryPartition;

    /// <summary>The registered namespace's name, in the third partition-key component.</summary>
    [JsonPropertyName("sessionId")]
    public required string Name { get; init; }

    /// <summary>Unix milliseconds of the first registration.</summary>
    [JsonPropertyName("createdAt")]
    public long CreatedAt { get; init; }

    [JsonPropertyName("ttlSecond")]
    public int? TtlSecond { get; init; }
}
