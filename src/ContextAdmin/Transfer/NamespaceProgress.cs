using System.Text.Json.Serialization;

namespace ContextAdmin.Transfer;

/// <summary>One namespace's progress: its registration, properties and session TTLs settled; then its sessions in id order.</summary>
public sealed class NamespaceProgress
{
    [JsonPropertyName("settled")]
    public bool Settled { get; set; }

    /// <summary>The last session of the last completed window (the listing is sorted by id): every session up to it is copied.</summary>
    [JsonPropertyName("lastSessionId")]
    public string? LastSessionId { get; set; }

    /// <summary>Where <see cref="LastSessionId"/> was listed, for the next window.</summary>
    [JsonPropertyName("position")]
    public long Position { get; set; }

    [JsonPropertyName("sessionsCopied")]
    public long SessionsCopied { get; set; }

    [JsonPropertyName("done")]
    public bool Done { get; set; }
}
