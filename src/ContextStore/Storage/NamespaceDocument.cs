using System.Text.Json.Serialization;

namespace ContextStore.Storage;

/// <summary>
/// A namespace's own document: its registration (N1) and its generation. Namespace documents live under the partition
/// prefix [accountId, "namespace"]: "namespace" is a reserved namespace name, so no session can share it, and listing
/// an account's namespaces is one targeted prefix query. A registered namespace's document has the kind
/// <see cref="NamespaceKind"/>; a deleted one (N3) keeps its document, of the kind <see cref="DeletedKind"/>, for its
/// generation and the removal of its sessions.
/// </summary>
public sealed record NamespaceDocument
{
    public const string DocumentId = "namespace";
    public const string NamespaceKind = "namespace";
    public const string DeletedKind = "deleted-namespace";
    public const string RegistryPartition = "namespace";

    [JsonPropertyName("id")]
    public string Id { get; init; } = DocumentId;

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = NamespaceKind;

    [JsonPropertyName("accountId")]
    public required string AccountId { get; init; }

    [JsonPropertyName("namespace")]
    public string Namespace { get; init; } = RegistryPartition;

    /// <summary>The namespace's name, in the third partition-key component.</summary>
    [JsonPropertyName("sessionId")]
    public required string Name { get; init; }

    /// <summary>Unix milliseconds of the first registration.</summary>
    [JsonPropertyName("createdAt")]
    public long CreatedAt { get; init; }

    [JsonPropertyName("ttlSecond")]
    public int? TtlSecond { get; init; }

    /// <summary>
    /// How many times the namespace was deleted (N3). Sessions carry the generation they were written in; those of an
    /// older one were deleted with the namespace and read as absent until they are removed.
    /// </summary>
    [JsonPropertyName("generation")]
    public int Generation { get; init; }

    /// <summary>Unix milliseconds of the last deletion (N3); null when it never was deleted.</summary>
    [JsonPropertyName("deletedAt")]
    public long? DeletedAt { get; init; }

    /// <summary>True while sessions of an older generation may still be stored: the sweep removes them, then clears it.</summary>
    [JsonPropertyName("removalPending")]
    public bool RemovalPending { get; init; }

    [JsonIgnore]
    public bool IsRegistered => Kind == NamespaceKind;
}
