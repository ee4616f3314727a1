using System.Diagnostics;
using System.Net;
using ContextServer.EndToEndTests.Reliability;
using ContextStore.Expiry;
using ContextStore.Http;
using ContextStore.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContextServer.EndToEndTests.Telemetry;

/// <summary>
/// A hostile pass over every signal: a distinctive API key and distinctive property values go through every operation
/// (and the sweep); none appears in any metric tag of any meter, in any activity's name, tags, events or baggage of any
/// source, nor in any log line at any level, Cosmos DB's diagnostics of slow calls included.
/// </summary>
public sealed class NoSecretInAnySignalTests
{
    private const string A = "/v1/account/" + RunningServer.AccountA;
    private const string Key = "k3y-Zq8vX2-unmistakable";
    private const string WrongKey = "wr0ng-k3y-Pp4-unmistakable";

    private static readonly string[] Values =
    [
        "pv-ns-0f1e2d-unmistakable", "pv-ns-put-7c6b5a", "pv-session-9a8b7c-unmistakable", "pv-session-put-3d4e5f",
        "pv-listed-1a2b3c", "pv-deep-8e9f0a",
    ];

    [Fact]
    public async Task NoKeyAndNoPropertyValueAppearsInAnyMetricActivityOrLogLine()
    {
        // Every Cosmos DB call through the proxy takes at least 20 ms: "slow", so its diagnostics are logged, and searched too.
        await using var proxy = new ToggleableTcpProxy(new Uri(LocalCosmos.Endpoint), oneWayLatency: TimeSpan.FromMilliseconds(10));
        await using var host = await ServerWithSignals.StartAsync(
            new Dictionary<string, string?>
            {
                [$"ApiKeys:{RunningServer.AccountA}"] = Key,
                ["Cosmos:Endpoint"] = proxy.Endpoint.ToString(),
                ["Cosmos:SlowRequestThreshold"] = "00:00:00.005",
            },
            activitySources: [RecordedSignals.EverySource],
            everyMeter: true);

        var called = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (method, path, body) in Scenario())
        {
            using var response = await host.SendAsync(method, path, body, Key);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{method} {path} answered {(int)response.StatusCode}");
            called.Add(OperationRoutes.NameOf(method.Method, path));
        }

        using (var refused = await host.SendAsync(HttpMethod.Get, A + "/vault/conv-7/properties", apiKey: WrongKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        host.Server.Clock.Advance(TimeSpan.FromMinutes(30));
        using (new Activity("sweep under test").SetParentId(host.TraceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start())
        {
            await host.Server.Services.GetRequiredService<ExpiredSessionSweeper>().SweepAsync(CancellationToken.None);
        }

        Assert.Equal(ContextOperations.All.Select(o => o.Name).Order(StringComparer.Ordinal), called.Order(StringComparer.Ordinal));
        var texts = SignalTexts(host).ToList();
        // What was searched: both hosts' meters, ASP.NET Core's, the service's and Cosmos DB's activities, slow-call diagnostics.
        Assert.Contains(host.Signals.Measurements, m => m.Instrument == "http.server.request.duration" && m.Tags.ContainsKey("contextstore.status_class"));
        Assert.Contains(host.Signals.Measurements, m => m.Instrument == "contextstore.cosmos.request_charge");
        Assert.Contains(host.Signals.Activities, a => a.Source.Name == "Microsoft.AspNetCore");
        Assert.Contains(host.Signals.Activities, a => a.Source.Name == "Azure.Cosmos.Operation");
        Assert.Contains(host.Signals.Activities, a => a.OperationName == ExpiredSessionSweeper.OperationName);
        Assert.Contains(host.Logs.Lines, l => l.Contains("Slow Cosmos DB call", StringComparison.Ordinal) && l.Contains("diagnostics: {", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains(RunningServer.AccountA, StringComparison.Ordinal));

        foreach (var secret in Values.Append(Key).Append(WrongKey))
        {
            var found = texts.FirstOrDefault(t => t.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.True(found is null, $"'{secret}' appears in a signal: {found}");
        }
    }

    /// <summary>Every operation, each write carrying distinctive values, each read and listing sending them back.</summary>
    private static (HttpMethod Method, string Path, string? Body)[] Scenario() =>
    [
        (HttpMethod.Post, A + "?ttlSecond=600", """{"name":"vault"}"""),
        (HttpMethod.Get, A, null),
        (HttpMethod.Patch, $"{A}/vault/properties", $$"""{"np":"{{Values[0]}}","keep":"{{Values[0]}}"}"""),
        (HttpMethod.Put, $"{A}/vault/properties/np2", $"\"{Values[1]}\""),
        (HttpMethod.Get, $"{A}/vault/properties", null),
        (HttpMethod.Get, $"{A}/vault/properties/np", null),
        (HttpMethod.Patch, $"{A}/vault/conv-7/properties", $$"""{"sp":"{{Values[2]}}","deep":{"a":["{{Values[5]}}"]},"other":1}"""),
        (HttpMethod.Put, $"{A}/vault/conv-7/properties/sp2", $"\"{Values[3]}\""),
        (HttpMethod.Patch, $"{A}/vault/conv-8/properties", $$"""{"listed":"{{Values[4]}}"}"""),
        (HttpMethod.Get, $"{A}/vault/conv-7/properties", null),
        (HttpMethod.Get, $"{A}/vault/conv-7/properties/sp", null),
        (HttpMethod.Get, $"{A}/vault/session-ids?page=0&perPage=10", null),
        (HttpMethod.Get, $"{A}/vault/session-properties?perPage=10", null),
        (HttpMethod.Post, $"{A}/namespace/vault/session?ttlSecond=60", """{"sessionId":"conv-8"}"""),
        (HttpMethod.Get, $"{A}/namespace/vault/session", null),
        (HttpMethod.Delete, $"{A}/vault/properties/np2", null),
        (HttpMethod.Delete, $"{A}/vault/conv-7/properties/sp2", null),
        (HttpMethod.Delete, $"{A}/vault/conv-7/properties", null),
        (HttpMethod.Delete, $"{A}/namespace/vault/session/conv-7", null),
        (HttpMethod.Delete, $"{A}/vault", null),
    ];

    private static IEnumerable<string> SignalTexts(ServerWithSignals host)
    {
        foreach (var measurement in host.Signals.Measurements)
        {
            yield return measurement.ToString();
        }

        foreach (var activity in host.Signals.Activities)
        {
            yield return $"{activity.Source.Name} {activity.OperationName} {activity.DisplayName} {activity.StatusDescription}";
            foreach (var (key, value) in activity.TagObjects)
            {
                yield return $"{key}={value}";
            }

            foreach (var activityEvent in activity.Events)
            {
                yield return activityEvent.Name;
                foreach (var (key, value) in activityEvent.Tags)
                {
                    yield return $"{key}={value}";
                }
            }

            foreach (var (key, value) in activity.Baggage)
            {
                yield return $"{key}={value}";
            }
        }

        foreach (var line in host.Logs.Lines)
        {
            yield return line;
        }
    }
}
