using System.Net;
using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Storage;
using Microsoft.Azure.Cosmos;

namespace ContextStore.IntegrationTests;

/// <summary>What is physically in the container, read and written past the store: seeding at scale, counting, raw documents.</summary>
public static class StoredDocuments
{
    /// <summary>Creates the documents straight through the SDK, <paramref name="parallelism"/> at a time.</summary>
    public static Task SeedAsync(Container container, IEnumerable<SessionDocument> documents, int parallelism = 32) =>
        Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (document, ct) =>
        {
            using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(document, CosmosJson.Options));
            using var response = await container.CreateItemStreamAsync(
                content, ContextContainer.SessionPartition(document.Key), new ItemRequestOptions { EnableContentResponseOnWrite = false }, ct);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Seeding {document.Key} answered {(int)response.StatusCode}: {response.ErrorMessage}");
            }
        });

    /// <summary>How many session documents of the namespace are stored, whatever their generation or expiry.</summary>
    public static async Task<int> CountAsync(Container container, string accountId, string @namespace)
    {
        var query = new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.accountId = @a AND c['namespace'] = @ns AND c.kind = @kind")
            .WithParameter("@a", accountId).WithParameter("@ns", @namespace).WithParameter("@kind", SessionDocument.SessionKind);
        using var iterator = container.GetItemQueryIterator<int>(
            query, requestOptions: new QueryRequestOptions { PartitionKey = ContextContainer.NamespacePrefix(accountId, @namespace) });
        return (await iterator.ReadNextAsync()).Single();
    }

    /// <summary>The namespace's own document as stored, or null.</summary>
    public static async Task<NamespaceDocument?> NamespaceAsync(Container container, string accountId, string name)
    {
        var key = new PartitionKeyBuilder().Add(accountId).Add(NamespaceDocument.RegistryPartition).Add(name).Build();
        using var response = await container.ReadItemStreamAsync(NamespaceDocument.DocumentId, key);
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await JsonSerializer.DeserializeAsync<NamespaceDocument>(response.Content, CosmosJson.Options);
    }

    /// <summary>A session document with properties, as the store writes them, in generation 0.</summary>
    public static SessionDocument Session(SessionKey key, string propertiesJson, DateTimeOffset writtenAt, int? namespaceTtl = null) =>
        SessionDocument.Empty(key).WithProperties(
            Json.StoredProperties.FromElements(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(propertiesJson)!), writtenAt, namespaceTtl);
}
