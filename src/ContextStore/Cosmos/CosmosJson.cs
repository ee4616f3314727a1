using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContextStore.Cosmos;

/// <summary>The System.Text.Json settings of every document, shared by the SDK's serializer and our stream reads.</summary>
public sealed class CosmosJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
    };

    /// <summary>A document from the bytes Cosmos DB sent, already in memory: no stream reads and no async state.</summary>
    public T Deserialize<T>(ReadOnlySpan<byte> content) =>
        JsonSerializer.Deserialize<T>(content, Options)
        ?? throw new JsonException($"Cosmos DB returned an empty {typeof(T).Name}.");
}
