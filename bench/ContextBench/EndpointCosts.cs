using System.Net.Http.Headers;

namespace ContextBench;

/// <summary>Cosmos DB requests the server makes for one operation of each endpoint, averaged over several in steady state.</summary>
public sealed record EndpointCost(string Id, string Method, string Path, string Note, int Operations, int[] Statuses, RequestCounts Requests)
{
    public double PerOperation(long count) => (double)count / Operations;
}

/// <summary>
/// Runs every endpoint N1…T3 a few times after one uncounted warm-up call. Whatever an operation needs to
/// exist first (a namespace to delete, a property to remove) is prepared before counting starts for it.
/// </summary>
public sealed class EndpointCosts(BenchHost host, Action<string> progress)
{
    public const string Namespace = "costs";
    private const int Operations = 5;

    private sealed record Endpoint(string Id, HttpMethod Method, string Template, string Note,
        Func<int, string> Path, Func<int, string?> Body, Func<int, Task>? Prepare = null);

    public async Task<IReadOnlyList<EndpointCost>> RunAsync()
    {
        const string a = "v1/account/" + BenchHost.Account;
        const string ns = a + "/" + Namespace;
        progress($"counting Cosmos requests per operation of every endpoint ({Operations} operations each after a warm-up call)");
        await SendAsync(HttpMethod.Post, $"{a}?ttlSecond=3600", $$"""{"name":"{{Namespace}}"}""");
        await SendAsync(HttpMethod.Patch, $"{ns}/s1/properties", """{"a":0,"b":0}""");
        await SendAsync(HttpMethod.Patch, $"{ns}/properties", """{"a":0,"p2":0}""");
        for (var i = 0; i < 10; i++)
        {
            await SendAsync(HttpMethod.Patch, $"{ns}/listed-{i}/properties", """{"x":1}""");
        }

        await SendAsync(HttpMethod.Post, $"{a}/namespace/{Namespace}/session?ttlSecond=900", """{"sessionId":"listed-0"}""");

        Endpoint[] endpoints =
        [
            new("N1", HttpMethod.Post, "/v1/account/{a}?ttlSecond=3600", "repeat of a registration",
                _ => $"{a}?ttlSecond=3600", _ => """{"name":"costs-n1"}"""),
            new("N2", HttpMethod.Get, "/v1/account/{a}", "", _ => a, _ => null),
            new("N3", HttpMethod.Delete, "/v1/account/{a}/{ns}", "namespace with 3 sessions",
                i => $"{a}/drop-{i}", _ => null, async i =>
                {
                    await SendAsync(HttpMethod.Post, a, $$"""{"name":"drop-{{i}}"}""");
                    for (var s = 0; s < 3; s++)
                    {
                        await SendAsync(HttpMethod.Patch, $"{a}/drop-{i}/s{s}/properties", """{"x":1}""");
                    }
                }),
            new("P1", HttpMethod.Patch, "/{ns}/properties", "", _ => $"{ns}/properties", i => $$"""{"a":{{i}}}"""),
            new("P2", HttpMethod.Put, "/{ns}/properties/{p}", "", _ => $"{ns}/properties/p2", i => $"{i}"),
            new("P3", HttpMethod.Get, "/{ns}/properties", "", _ => $"{ns}/properties", _ => null),
            new("P4", HttpMethod.Get, "/{ns}/properties/{p}", "", _ => $"{ns}/properties/p2", _ => null),
            new("P5", HttpMethod.Delete, "/{ns}/properties/{p}", "existing property",
                _ => $"{ns}/properties/p5", _ => null, _ => SendAsync(HttpMethod.Put, $"{ns}/properties/p5", "\"x\"")),
            new("S1", HttpMethod.Patch, "/{ns}/{s}/properties", "", _ => $"{ns}/s1/properties", i => $$"""{"a":{{i}}}"""),
            new("S2", HttpMethod.Put, "/{ns}/{s}/properties/{p}", "", _ => $"{ns}/s1/properties/b", i => $"{i}"),
            new("S3", HttpMethod.Get, "/{ns}/{s}/properties", "", _ => $"{ns}/s1/properties", _ => null),
            new("S4", HttpMethod.Get, "/{ns}/{s}/properties/{p}", "", _ => $"{ns}/s1/properties/b", _ => null),
            new("S5", HttpMethod.Delete, "/{ns}/{s}/properties/{p}", "existing property",
                _ => $"{ns}/s1/properties/c", _ => null, _ => SendAsync(HttpMethod.Put, $"{ns}/s1/properties/c", "\"x\"")),
            new("S6", HttpMethod.Delete, "/{ns}/{s}/properties", "session with properties, no own TTL",
                i => $"{ns}/s6-{i}/properties", _ => null, i => SendAsync(HttpMethod.Patch, $"{ns}/s6-{i}/properties", """{"x":1}""")),
            new("L1", HttpMethod.Get, "/{ns}/session-ids", "11 live sessions", _ => $"{ns}/session-ids", _ => null),
            new("L2", HttpMethod.Get, "/{ns}/session-properties", "11 live sessions", _ => $"{ns}/session-properties", _ => null),
            new("T1", HttpMethod.Post, "/namespace/{ns}/session?ttlSecond=n", "TTL changes each time",
                i => $"{a}/namespace/{Namespace}/session?ttlSecond={600 + i}", _ => """{"sessionId":"s1"}"""),
            new("T2", HttpMethod.Get, "/namespace/{ns}/session", "", _ => $"{a}/namespace/{Namespace}/session", _ => null),
            new("T3", HttpMethod.Delete, "/namespace/{ns}/session/{s}", "session with properties",
                i => $"{a}/namespace/{Namespace}/session/t3-{i}", _ => null,
                i => SendAsync(HttpMethod.Patch, $"{ns}/t3-{i}/properties", """{"x":1}""")),
        ];

        var results = new List<EndpointCost>();
        foreach (var endpoint in endpoints)
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            var statuses = new List<int>();
            for (var i = 0; i <= Operations; i++)
            {
                if (endpoint.Prepare is not null)
                {
                    await endpoint.Prepare(i);
                }

                host.ServerCounter.Reset();
                var status = await SendAsync(endpoint.Method, endpoint.Path(i), endpoint.Body(i), ensureSuccess: false);
                var requests = host.ServerCounter.Reset();
                if (i == 0)
                {
                    continue; // warm-up: caches (namespace TTL, container metadata) fill here.
                }

                statuses.Add(status);
                foreach (var (operation, count) in requests.ByOperation)
                {
                    counts[operation] = counts.GetValueOrDefault(operation) + count;
                }
            }

            results.Add(new EndpointCost(endpoint.Id, endpoint.Method.Method, endpoint.Template, endpoint.Note, Operations,
                statuses.Distinct().ToArray(), new RequestCounts(counts)));
        }

        return results;
    }

    private async Task<int> SendAsync(HttpMethod method, string path, string? body, bool ensureSuccess = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = ThroughputBench.JsonBody(body);
        }

        using var response = await host.Http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        if (ensureSuccess && !response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (int)response.StatusCode;
    }
}
