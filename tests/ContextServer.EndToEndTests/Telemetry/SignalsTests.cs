using System.Diagnostics;
using System.Net;
using ContextServer.EndToEndTests.Reliability;
using ContextStore.Expiry;
using ContextStore.Http;
using ContextStore.Telemetry;
using ContextStore.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContextServer.EndToEndTests.Telemetry;

/// <summary>
/// The signals of docs/operations.md ("Signals"), emitted by real requests on ContextServer over HTTP and recorded with a
/// MeterListener and an ActivityListener: names, units and tags.
/// </summary>
public sealed class SignalsTests
{
    private const string A = "/v1/account/" + RunningServer.AccountA;
    private const string Duration = "http.server.request.duration";
    private const string Charge = "contextstore.cosmos.request_charge";

    [Fact]
    public async Task EveryOperationRecordsItsDurationUnderItsOwnNameWithItsMethodAndStatus()
    {
        await using var host = await ServerWithSignals.StartAsync();
        var answered = new List<(string Operation, string Method, int Status)>();
        foreach (var (method, path, body) in SecretsTests.EveryOperation(RunningServer.AccountA, "handoff"))
        {
            using var response = await host.SendAsync(method, path, body);
            answered.Add((OperationRoutes.NameOf(method.Method, path), method.Method, (int)response.StatusCode));
        }

        using (var refused = await host.SendAsync(HttpMethod.Get, A + "/handoff/conv-42/properties", apiKey: "not-the-key"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            answered.Add(("GetSessionProperties", "GET", 403));
        }

        var recorded = host.Signals.Of(Duration);
        Assert.Equal(
            answered.Select(a => $"{a.Operation} {a.Method} {a.Status} {a.Status / 100}xx").Order(StringComparer.Ordinal),
            recorded.Select(m => $"{m.Tag("http.route")} {m.Tag("http.request.method")} {m.Tag("http.response.status_code")} {m.Tag("contextstore.status_class")}")
                .Order(StringComparer.Ordinal));
        Assert.Equal(ContextOperations.All.Select(o => o.Name).Order(StringComparer.Ordinal), recorded.Select(m => (string)m.Tag("http.route")!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(recorded, m => Assert.Equal("s", m.Unit));
        Assert.All(recorded, m => Assert.InRange(m.Value, 0, 60));
    }

    [Fact]
    public async Task AnOperationsActivityIsNamedAfterItRunsInsideTheServersSpanAndHoldsCosmosDbsSpans()
    {
        await using var host = await ServerWithSignals.StartAsync();
        using (await host.SendAsync(HttpMethod.Patch, A + "/handoff/conv-42/properties", """{"a":1}""")) { }
        using (var read = await host.SendAsync(HttpMethod.Get, A + "/handoff/conv-42/properties"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var activities = host.Signals.Activities;
        var operation = Assert.Single(activities, a => a.Source.Name == ContextTelemetry.Name && a.OperationName == "GetSessionProperties");
        Assert.Equal("GetSessionProperties", operation.GetTagItem("http.route"));
        Assert.Equal("GET", operation.GetTagItem("http.request.method"));
        Assert.Equal(200, operation.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, operation.Status);
        var server = Assert.Single(activities, a => a.Source.Name == "Microsoft.AspNetCore" && a.SpanId == operation.ParentSpanId);
        Assert.Equal(host.TraceId, server.TraceId);
        Assert.Contains(activities, a => a.Source.Name == ContextTelemetry.CosmosActivitySource && a.ParentSpanId == operation.SpanId);
    }

    [Fact]
    public async Task TheRequestUnitsOfCosmosDbsAnswersAreRecordedForTheOperationThatMadeTheCalls()
    {
        await using var host = await ServerWithSignals.StartAsync();
        using (await host.SendAsync(HttpMethod.Patch, A + "/handoff/conv-42/properties", """{"a":1}""")) { }
        var beforeRead = host.Signals.Of(Charge).Count;
        using (await host.SendAsync(HttpMethod.Get, A + "/handoff/conv-42/properties")) { }
        using (var listing = await host.SendAsync(HttpMethod.Get, A + "/handoff/session-properties?perPage=10"))
        {
            Assert.Contains("conv-42", await listing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var charges = host.Signals.Of(Charge);
        Assert.All(charges, c => Assert.Equal("RU", c.Unit));
        // The local Cosmos server charges 1 RU for every answer (tools/cosmos-local).
        Assert.All(charges, c => Assert.Equal(1, c.Value));
        var read = charges.Skip(beforeRead).Where(c => (string?)c.Tag("contextstore.operation") == "GetSessionProperties").ToList();
        Assert.Contains(read, c => (string?)c.Tag("db.operation.name") == "ReadItem" && (int?)c.Tag("db.response.status_code") == 200);
        // The listing is streamed while its answer is written, after the pipeline returned: still its own calls.
        Assert.Contains(charges, c => (string?)c.Tag("contextstore.operation") == "ListSessionsWithProperties" && (string?)c.Tag("db.operation.name") == "Query");
        Assert.Contains(charges, c => (string?)c.Tag("contextstore.operation") == "SetSessionProperties" && (string?)c.Tag("db.operation.name") == "CreateItem");
        Assert.DoesNotContain(charges, c => c.Tags.ContainsKey("accountId") || c.Tags.Values.Any(v => v is string s && s.Contains(RunningServer.AccountA, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ConcurrentWritesToOneSessionAreSavedInBatchesWhoseSizesAddUpToEveryWrite()
    {
        const int Writes = 24;
        await using var host = await ServerWithSignals.StartAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, Writes).Select(i =>
            host.SendAsync(HttpMethod.Patch, A + "/batched/conv-1/properties", $$"""{"p{{i}}":{{i}}}""")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        var batches = host.Signals.Of("contextstore.write_batch.size");
        Assert.Equal(Writes, batches.Sum(b => b.Value));
        Assert.All(batches, b => Assert.Equal("{write}", b.Unit));
    }

    [Fact]
    public async Task TheSweepRecordsItsRunItsRemovedSessionsItsDurationAndItsActivity()
    {
        await using var host = await ServerWithSignals.StartAsync();
        using (await host.SendAsync(HttpMethod.Patch, A + "/swept/conv-1/properties", """{"a":1}""")) { }
        using (await host.SendAsync(HttpMethod.Post, A + "/namespace/swept/session?ttlSecond=60", """{"sessionId":"conv-1"}""")) { }
        host.Server.Clock.Advance(TimeSpan.FromMinutes(5));

        SweepReport report;
        // The sweep's activity joins the test's trace (which the recorder keeps) as a child of the current activity.
        using (new Activity("sweep under test").SetParentId(host.TraceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start())
        {
            report = await host.Server.Services.GetRequiredService<ExpiredSessionSweeper>().SweepAsync(CancellationToken.None);
        }

        Assert.Equal(1, report.Removed);
        var run = Assert.Single(host.Signals.Of("contextstore.sweep.runs"));
        Assert.False(run.Tags.ContainsKey("error.type"));
        Assert.Equal(1, host.Signals.Of("contextstore.sweep.removed_sessions").Sum(m => m.Value));
        Assert.Equal("s", Assert.Single(host.Signals.Of("contextstore.sweep.duration")).Unit);
        var activity = Assert.Single(host.Signals.Activities, a => a.OperationName == ExpiredSessionSweeper.OperationName);
        Assert.Equal(1, activity.GetTagItem("contextstore.sweep.removed_sessions"));
        Assert.Contains(host.Signals.Of(Charge), c => (string?)c.Tag("contextstore.operation") == ExpiredSessionSweeper.OperationName
            && (string?)c.Tag("db.operation.name") == "DeleteItem");
    }

    [Fact]
    public async Task ACosmosDbCallThatTimesOutIsCountedForItsOperationAndTheAnswerIsA5xx()
    {
        await using var proxy = new ToggleableTcpProxy(new Uri(LocalCosmos.Endpoint));
        await using var host = await ServerWithSignals.StartAsync(new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = proxy.Endpoint.ToString(),
            ["Cosmos:RequestTimeout"] = "00:00:01",
        });
        // A first answer while Cosmos DB is there fills the client's caches, as on any running instance.
        using (await host.SendAsync(HttpMethod.Get, A + "/handoff/conv-42/properties")) { }
        var before = host.Signals.Measurements.Count;
        proxy.StartUnresponsive();
        try
        {
            using var response = await host.SendAsync(HttpMethod.Get, A + "/handoff/conv-42/properties");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        finally
        {
            // The server removes its container as it stops.
            proxy.Start();
        }


        // The answer does not wait for the SDK to give the call up (CosmosFailures.Guard): the count follows when it does.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (!host.Signals.Measurements.Skip(before).Any(IsTimeoutOfTheRead) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var during = host.Signals.Measurements.Skip(before).ToList();
        Assert.Contains(during, IsTimeoutOfTheRead);
        var duration = Assert.Single(during, m => m.Instrument == Duration);
        Assert.Equal("5xx", duration.Tag("contextstore.status_class"));
        Assert.Equal("503", duration.Tag("error.type"));
        Assert.Equal(ActivityStatusCode.Error, host.Signals.Activities.Last(a => a.OperationName == "GetSessionProperties").Status);
    }

    [Fact]
    public async Task ACosmosDbCallSlowerThanTheThresholdIsLoggedAsAWarningWithItsDiagnostics()
    {
        // Every call through the proxy takes at least 40 ms, well over the threshold.
        await using var proxy = new ToggleableTcpProxy(new Uri(LocalCosmos.Endpoint), oneWayLatency: TimeSpan.FromMilliseconds(20));
        await using var host = await ServerWithSignals.StartAsync(new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = proxy.Endpoint.ToString(),
            ["Cosmos:SlowRequestThreshold"] = "00:00:00.005",
        });
        using (await host.SendAsync(HttpMethod.Get, A + "/handoff/conv-42/properties")) { }

        Assert.Contains(host.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal)
            && l.Contains("Slow Cosmos DB call: ReadItem for GetSessionProperties answered 404 in ", StringComparison.Ordinal)
            && l.Contains("diagnostics: {", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BelowTheThresholdNoCallIsLoggedAsSlow()
    {
        await using var host = await ServerWithSignals.StartAsync(new Dictionary<string, string?> { ["Cosmos:SlowRequestThreshold"] = "00:10:00" });
        using (await host.SendAsync(HttpMethod.Get, A + "/handoff/conv-42/properties")) { }

        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("Slow Cosmos DB call", StringComparison.Ordinal));
    }

    private static bool IsTimeoutOfTheRead(RecordedMeasurement m) =>
        m.Instrument == "contextstore.cosmos.timeouts" && (string?)m.Tag("contextstore.operation") == "GetSessionProperties";
}
