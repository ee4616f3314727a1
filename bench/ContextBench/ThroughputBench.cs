using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContextStore;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Sessions;
using ContextStore.Storage;
using Microsoft.Azure.Cosmos;

namespace ContextBench;

/// <summary>
/// S3 and S1 through the API against the raw SDK doing the same Cosmos DB work, same concurrency and duration.
/// Reads share one session per worker between API and raw. Writes use distinct sessions per worker (and per
/// variant) so that ETag contention between workers does not dominate what is measured.
/// </summary>
public sealed class ThroughputBench(BenchHost host, BenchOptions options, Action<string> progress)
{
    public const string Namespace = "bench";
    public const int NamespaceTtlSecond = 3600;

    /// <param name="includeHttpOnly">Also measure the HTTP share alone (the 403 of an unknown account), which never reaches Cosmos DB.</param>
    public async Task<IReadOnlyList<LoadResult>> RunAsync(bool includeHttpOnly = true)
    {
        await SeedAsync();
        List<BenchVariant> readVariants =
        [
            new(Names.ApiRead, ApiReadAsync, ThroughApi: true),
            new(Names.LimitRead, LimitReadAsync, ThroughApi: true),
            new(Names.RawRead, RawReadAsync, ThroughApi: false),
        ];
        if (includeHttpOnly)
        {
            readVariants.Add(new(Names.HttpOnly, HttpOnlyAsync, ThroughApi: true));
        }

        var reads = await LoadRun.RunInterleavedAsync(readVariants, options, host.ServerCounter, host.RawCounter, progress);
        var writes = await LoadRun.RunInterleavedAsync(
            [
                new(Names.ApiWrite, ApiWriteAsync, ThroughApi: true),
                new(Names.LimitWrite, LimitWriteAsync, ThroughApi: true),
                new(Names.RawReadReplace, RawReadReplaceAsync, ThroughApi: false),
                new(Names.RawUpsert, RawUpsertAsync, ThroughApi: false),
            ],
            options, host.ServerCounter, host.RawCounter, progress);
        return [.. reads, .. writes];
    }

    public static class Names
    {
        public const string ApiRead = "S3 GET properties via HTTP";
        public const string RawRead = "S3 raw SDK point read";
        public const string LimitRead = "S3 limit: key + point read + copy";
        public const string LimitWrite = "S1 limit: key + read + replace";
        public const string ApiWrite = "S1 PATCH via HTTP";
        public const string RawReadReplace = "S1 raw read + replace (IfMatchEtag)";
        public const string RawUpsert = "S1 raw single upsert";

        /// <summary>The HTTP share of the API's cost: client, Kestrel, routing, key check; no Cosmos DB, no JSON.</summary>
        public const string HttpOnly = "HTTP only: S3 of unknown account (403)";
    }

    // Built once: parsing a URI per request would be load-generator work, not the API's.
    private readonly Uri[] _readUris = Uris(host, options, w => $"v1/account/{BenchHost.Account}/{Namespace}/read-{w}/properties");
    private readonly Uri[] _unknownAccountUris = Uris(host, options, w => $"v1/account/le99999999/{Namespace}/read-{w}/properties");
    private readonly Uri[] _limitReadUris = Uris(host, options, w => $"limit/read-{w}");
    private readonly Uri[] _limitWriteUris = Uris(host, options, w => $"limit/limit-write-{w}");
    private readonly Uri[] _writeUris = Uris(host, options, w => $"v1/account/{BenchHost.Account}/{Namespace}/api-write-{w}/properties");

    private static Uri[] Uris(BenchHost host, BenchOptions options, Func<int, string> path) =>
        [.. Enumerable.Range(0, options.Concurrency).Select(w => new Uri(host.Http.BaseAddress!, path(w)))];

    private static HttpRequestMessage ApiRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("maven-api-key", BenchHost.ApiKey);
        return request;
    }

    private static SessionKey Key(string prefix, int worker) => new(BenchHost.Account, Namespace, $"{prefix}-{worker}");

    private async Task SeedAsync()
    {
        progress($"seeding namespace '{Namespace}' (TTL {NamespaceTtlSecond} s) and {options.Concurrency * 4} sessions");
        using (var register = await host.Http.PostAsync(
                   $"v1/account/{BenchHost.Account}?ttlSecond={NamespaceTtlSecond}", JsonBody($$"""{"name":"{{Namespace}}"}""")))
        {
            register.EnsureSuccessStatusCode();
        }

        var now = DateTimeOffset.UtcNow;
        var expiresAt = SessionExpiry.ExpiresAt(now, NamespaceTtlSecond);
        var documents = Enumerable.Range(0, options.Concurrency).SelectMany(w => new[] { "read", "api-write", "limit-write", "raw-write", "raw-upsert" }
            .Select(prefix => Documents.Session(Key(prefix, w), Documents.TypicalProperties, now, expiresAt)));
        await Documents.UpsertManyAsync(host.RawContainer, documents);
    }

    private Task<bool> ApiReadAsync(int worker, long iteration) => GetAsync(_readUris[worker], HttpStatusCode.OK);

    private Task<bool> LimitReadAsync(int worker, long iteration) => GetAsync(_limitReadUris[worker], HttpStatusCode.OK);

    private async Task<bool> LimitWriteAsync(int worker, long iteration)
    {
        using var request = ApiRequest(HttpMethod.Patch, _limitWriteUris[worker]);
        request.Content = JsonBody($$"""{"turn":{{iteration}},"intent":"billing-dispute"}""");
        using var response = await host.Load.SendAsync(request, CancellationToken.None);
        return response.StatusCode == HttpStatusCode.NoContent;
    }

    private Task<bool> HttpOnlyAsync(int worker, long iteration) => GetAsync(_unknownAccountUris[worker], HttpStatusCode.Forbidden);

    /// <summary>One GET through the load client, its body read whole, as a client reading the answer would.</summary>
    private async Task<bool> GetAsync(Uri uri, HttpStatusCode expected)
    {
        using var request = ApiRequest(HttpMethod.Get, uri);
        using var response = await host.Load.SendAsync(request, CancellationToken.None);
        await response.Content.LoadIntoBufferAsync();
        return response.StatusCode == expected;
    }

    private async Task<bool> RawReadAsync(int worker, long iteration)
    {
        using var response = await host.RawContainer.ReadItemStreamAsync(
            SessionDocument.DocumentId, ContextContainer.SessionPartition(Key("read", worker)));
        await response.Content.CopyToAsync(Stream.Null);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private async Task<bool> ApiWriteAsync(int worker, long iteration)
    {
        using var request = ApiRequest(HttpMethod.Patch, _writeUris[worker]);
        request.Content = JsonBody($$"""{"turn":{{iteration}},"intent":"billing-dispute"}""");
        using var response = await host.Load.SendAsync(request, CancellationToken.None);
        return response.StatusCode == HttpStatusCode.NoContent;
    }

    /// <summary>What the API's write does at the Cosmos DB level: read, merge, replace if unchanged, retry on 412.</summary>
    private async Task<bool> RawReadReplaceAsync(int worker, long iteration)
    {
        var partition = ContextContainer.SessionPartition(Key("raw-write", worker));
        for (var attempt = 0; attempt < 20; attempt++)
        {
            JsonObject document;
            string etag;
            using (var read = await host.RawContainer.ReadItemStreamAsync(SessionDocument.DocumentId, partition))
            {
                if (read.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                etag = read.Headers.ETag;
                document = (await JsonNode.ParseAsync(read.Content))!.AsObject();
            }

            foreach (var system in document.Select(p => p.Key).Where(k => k.StartsWith('_')).ToList())
            {
                document.Remove(system);
            }

            // The properties are stored as one JSON text (src/ContextStore/Json/StoredProperties.cs).
            var properties = JsonNode.Parse(document["properties"]!.GetValue<string>())!.AsObject();
            properties["turn"] = iteration;
            properties["intent"] = "billing-dispute";
            var propertiesText = properties.ToJsonString();
            document["properties"] = propertiesText;
            document["propertiesLength"] = propertiesText.Length;
            var now = DateTimeOffset.UtcNow;
            document["propertyCount"] = properties.Count;
            document["lastWriteAt"] = now.ToUnixTimeMilliseconds();
            document["expiresAt"] = SessionExpiry.ExpiresAt(now, NamespaceTtlSecond);

            using var content = new MemoryStream();
            await using (var writer = new Utf8JsonWriter(content))
            {
                document.WriteTo(writer);
            }

            content.Position = 0;
            using var replaced = await host.RawContainer.ReplaceItemStreamAsync(
                content, SessionDocument.DocumentId, partition,
                new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false });
            if (replaced.StatusCode != HttpStatusCode.PreconditionFailed)
            {
                return replaced.IsSuccessStatusCode;
            }
        }

        return false;
    }

    private async Task<bool> RawUpsertAsync(int worker, long iteration)
    {
        var now = DateTimeOffset.UtcNow;
        var properties = new Dictionary<string, JsonElement>(Documents.TypicalProperties, StringComparer.Ordinal)
        {
            ["turn"] = JsonSerializer.SerializeToElement(iteration),
        };
        var document = Documents.Session(Key("raw-upsert", worker), properties, now, SessionExpiry.ExpiresAt(now, NamespaceTtlSecond));
        using var content = Documents.Serialize(document);
        using var response = await host.RawContainer.UpsertItemStreamAsync(
            content, ContextContainer.SessionPartition(document.Key), new ItemRequestOptions { EnableContentResponseOnWrite = false });
        return response.IsSuccessStatusCode;
    }

    public static ByteArrayContent JsonBody(string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
