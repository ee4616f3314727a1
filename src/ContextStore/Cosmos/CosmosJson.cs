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

    public async ValueTask<T> DeserializeAsync<T>(Stream content, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync<T>(content, Options, cancellationToken)
        ?? throw new JsonException($"Cosmos DB returned an empty {typeof(T).Name}.");
}
