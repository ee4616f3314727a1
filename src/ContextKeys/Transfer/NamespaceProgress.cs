using System.Text.Json.Serialization;

namespace ContextKeys.Transfer;

/// <summary>One namespace's progress: its registration, properties and session TTLs settled; then pages of sessions.</summary>
public sealed class NamespaceProgress
{
    [JsonPropertyName("settled")]
    public bool Settled { get; set; }

    /// <summary>The first page not yet completed.</summary>
    [JsonPropertyName("nextPage")]
    public int NextPage { get; set; }

    /// <summary>The last session of the last completed page (the listing is sorted by id).</summary>
    [JsonPropertyName("lastSessionId")]
    public string? LastSessionId { get; set; }

    [JsonPropertyName("sessionsCopied")]
    public long SessionsCopied { get; set; }

    [JsonPropertyName("done")]
    public bool Done { get; set; }
}
