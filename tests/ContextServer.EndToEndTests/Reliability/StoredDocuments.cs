using System.Text.Json;
using ContextStore.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>The container's documents exactly as Cosmos DB returns them, system properties (_etag, _ts…) included.</summary>
public static class StoredDocuments
{
    /// <summary>Every document's raw JSON, sorted so that two reads of unchanged data are equal.</summary>
    public static async Task<IReadOnlyList<string>> ReadAllAsync(RunningServer server)
    {
        var container = server.Services.GetRequiredService<ContextContainer>().Container;
        var documents = new List<string>();
        using var iterator = container.GetItemQueryStreamIterator("SELECT * FROM c");
        while (iterator.HasMoreResults)
        {
            using var page = await iterator.ReadNextAsync();
            page.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(page.Content);
            documents.AddRange(json.RootElement.GetProperty("Documents").EnumerateArray().Select(d => d.GetRawText()));
        }

        documents.Sort(StringComparer.Ordinal);
        return documents;
    }
}
