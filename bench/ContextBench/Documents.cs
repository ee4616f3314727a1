using System.Text.Json;
using ContextStore;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Json;
using ContextStore.Sessions;
using ContextStore.Storage;
using Microsoft.Azure.Cosmos;

namespace ContextBench;

/// <summary>Session documents shaped exactly as the store writes them (src/ContextStore/Sessions/SessionDocument.cs).</summary>
public static class Documents
{
    /// <summary>A typical hand-off context: six properties, about 200 bytes of JSON.</summary>
    public static readonly IReadOnlyDictionary<string, JsonElement> TypicalProperties =
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(
            """{"intent":"billing-dispute","customerTier":"gold","lastOrders":[1042,1043],"language":"en-GB","botId":"bot-7","summary":"Customer disputes the October invoice; refund promised by the previous agent."}""")!;

    public static SessionDocument Session(SessionKey key, IReadOnlyDictionary<string, JsonElement> properties, DateTimeOffset lastWrite, long expiresAt) =>
        Session(key, StoredProperties.FromElements(properties), lastWrite, expiresAt);

    private static SessionDocument Session(SessionKey key, StoredProperties properties, DateTimeOffset lastWrite, long expiresAt) =>
        SessionDocument.Empty(key) with
        {
            Properties = properties,
            PropertyCount = properties.Count,
            PropertiesLength = properties.Json.Length,
            LastWriteAt = lastWrite.ToUnixTimeMilliseconds(),
            ExpiresAt = expiresAt,
        };

    public static MemoryStream Serialize<T>(T document) => new(JsonSerializer.SerializeToUtf8Bytes(document, CosmosJson.Options));

    public static async Task UpsertAsync(Container container, SessionDocument document)
    {
        using var content = Serialize(document);
        using var response = await container.UpsertItemStreamAsync(
            content, ContextContainer.SessionPartition(document.Key), new ItemRequestOptions { EnableContentResponseOnWrite = false });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Seeding {document.Key} failed: {(int)response.StatusCode} {response.ErrorMessage}");
        }
    }

    /// <summary>Upserts many documents with a bounded number in flight.</summary>
    public static Task UpsertManyAsync(Container container, IEnumerable<SessionDocument> documents, int parallelism = 32) =>
        Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (document, _) => await UpsertAsync(container, document));
}
