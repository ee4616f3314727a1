using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ContextStore.Http.Health;
using ContextStore.Testing;
using Xunit.Abstractions;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>
/// Cosmos DB goes away while requests run and comes back on the same port. The local Cosmos server keeps its
/// data in memory, so instead of stopping it the test cuts a TCP proxy between ContextServer and it.
/// </summary>
public sealed class CosmosOutageTests(ITestOutputHelper output)
{
    private const int Workers = 4;
    private const string Namespace = "outage";

    /// <summary>Far above the configured Cosmos request timeout: only a hang gets there.</summary>
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);

    private readonly ConcurrentBag<Outcome> _outcomes = [];
    private readonly ConcurrentBag<(int Worker, int Value)> _acknowledged = [];

    private enum Phase
    {
        Up,
        Down,
        Restarted,
    }

    private volatile Phase _phase = Phase.Up;

    [Fact]
    public Task WhileCosmosRefusesConnectionsEveryRequestIs503AndAfterwardsTheServiceRecoversWithEveryAcknowledgedWrite() =>
        RunOutageAsync(proxy => proxy.Stop());

    [Fact]
    public Task WhileCosmosHangsEveryRequestIs503AndAfterwardsTheServiceRecoversWithEveryAcknowledgedWrite() =>
        RunOutageAsync(proxy => proxy.StartUnresponsive());

    [Fact]
    public async Task AServerStartedWhileCosmosIsDownRunsAnswers503AndIsNotReadyThenCreatesItsContainerAndRecovers()
    {
        await using var proxy = new ToggleableTcpProxy(new Uri(LocalCosmos.Endpoint));
        proxy.Stop();
        await using var server = await RunningServer.StartAsync(
            settingOverrides: new Dictionary<string, string?>
            {
                ["Cosmos:Endpoint"] = proxy.Endpoint.ToString(),
                ["Cosmos:RequestTimeout"] = "00:00:03",
            },
            waitForContainer: false);
        var path = $"/v1/account/{RunningServer.AccountA}/{Namespace}/started-down/properties";

        var down = await SendAsync(server, 0, HttpMethod.Patch, path, """{"a":1}""");
        Assert.False(down.Hung);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
        AssertRetryableError(down);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Client.GetAsync("/readyz")).StatusCode);

        proxy.Start();
        _phase = Phase.Restarted;
        var recovery = Stopwatch.StartNew();
        while ((await SendAsync(server, 0, HttpMethod.Patch, path, """{"a":1}""")).Status != HttpStatusCode.NoContent)
        {
            Assert.True(recovery.Elapsed < NoHang, $"No write within {NoHang.TotalSeconds} s of Cosmos DB's return.");
            await Task.Delay(200);
        }

        // The probe's answer can be one read old: the read begun while Cosmos DB was down (up to Readiness.Timeout),
        // then its answer reused for a second. A write may succeed before it has run out.
        var readiness = Stopwatch.StartNew();
        while ((await server.Client.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(
                readiness.Elapsed < Readiness.Timeout + CosmosReadinessCheck.AnswerReuse + TimeSpan.FromSeconds(5),
                "Not ready again after Cosmos DB's return and a successful write.");
            await Task.Delay(200);
        }

        using var stored = await server.SendAsync(HttpMethod.Get, path);
        Assert.Equal("""{"a":1}""", await stored.Content.ReadAsStringAsync());
        Assert.All(_outcomes.Where(o => o.Status != HttpStatusCode.NoContent), o => Assert.Equal(HttpStatusCode.ServiceUnavailable, o.Status));
    }

    private async Task RunOutageAsync(Action<ToggleableTcpProxy> cutOff)
    {
        await using var proxy = new ToggleableTcpProxy(new Uri(LocalCosmos.Endpoint));
        await using var server = await RunningServer.StartAsync(settingOverrides: new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = proxy.Endpoint.ToString(),
            ["Cosmos:RequestTimeout"] = "00:00:03",
        });
        using var finish = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(server, w, finish.Token))).ToArray();
        try
        {
            await WaitUntil(() => EachWorker(o => o.Started == Phase.Up && o.Status == HttpStatusCode.NoContent, 5), "writes before the outage");

            cutOff(proxy);
            _phase = Phase.Down;
            await WaitUntil(() => EachWorker(o => o.Started == Phase.Down && o.Ended == Phase.Down, 2), "answers during the outage");

            proxy.Start();
            _phase = Phase.Restarted;
            await WaitUntil(
                () => EachWorker(o => o.Started == Phase.Restarted && o.Status == HttpStatusCode.NoContent, 3), "writes after the restart");
        }
        finally
        {
            proxy.Start();
            await finish.CancelAsync();
            await Task.WhenAll(workers).WaitAsync(NoHang);
        }

        var unavailable = _outcomes.Where(o => o.Status == HttpStatusCode.ServiceUnavailable).ToList();
        output.WriteLine(
            $"{_outcomes.Count} requests, {unavailable.Count} answered 503, the slowest 503 in " +
            $"{(unavailable.Count == 0 ? 0 : unavailable.Max(o => o.Elapsed.TotalMilliseconds)):0} ms, {_acknowledged.Count} writes acknowledged");
        Assert.DoesNotContain(_outcomes, o => o.Hung);
        Assert.All(_outcomes, o => Assert.True(
            o.Status is HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable,
            $"{o.Request} answered {(int)o.Status}: {o.Body}"));
        Assert.All(_outcomes.Where(o => o.Started == Phase.Down && o.Ended == Phase.Down), o =>
            Assert.True(o.Status == HttpStatusCode.ServiceUnavailable, $"{o.Request} during the outage answered {(int)o.Status}: {o.Body}"));
        Assert.All(_outcomes.Where(o => o.Status == HttpStatusCode.ServiceUnavailable), AssertRetryableError);

        foreach (var worker in Enumerable.Range(0, Workers))
        {
            var expected = _acknowledged.Where(a => a.Worker == worker).ToDictionary(a => $"k{a.Value}", a => a.Value);
            using var response = await server.SendAsync(HttpMethod.Get, $"{Path(worker)}/properties");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var stored = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var (key, value) in expected)
            {
                Assert.True(stored.RootElement.TryGetProperty(key, out var actual), $"Acknowledged write {key} of worker {worker} is missing.");
                Assert.Equal(value, actual.GetInt32());
            }
        }
    }

    private static string Path(int worker) => $"/v1/account/{RunningServer.AccountA}/{Namespace}/w{worker}";

    private static void AssertRetryableError(Outcome outcome)
    {
        Assert.True(
            int.TryParse(outcome.RetryAfter, out var seconds) && seconds > 0,
            $"{outcome.Request}: 503 without a valid Retry-After ('{outcome.RetryAfter}')");
        Assert.Equal("application/json", outcome.MediaType);
        using var json = JsonDocument.Parse(outcome.Body);
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("message").GetString()));
    }

    /// <summary>Writes a new key of its own session (so every key is written once), then reads back the last acknowledged one.</summary>
    private async Task WorkAsync(RunningServer server, int worker, CancellationToken finish)
    {
        var lastAcknowledged = -1;
        for (var n = 0; n < 10_000 && !finish.IsCancellationRequested; n++)
        {
            var put = await SendAsync(server, worker, HttpMethod.Put, $"{Path(worker)}/properties/k{n}", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (put.Status == HttpStatusCode.NoContent)
            {
                _acknowledged.Add((worker, n));
                lastAcknowledged = n;
            }

            if (lastAcknowledged >= 0)
            {
                var get = await SendAsync(server, worker, HttpMethod.Get, $"{Path(worker)}/properties/k{lastAcknowledged}", null);
                Assert.True(
                    get.Status != HttpStatusCode.OK || get.Body == lastAcknowledged.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"k{lastAcknowledged} of worker {worker} read back as {get.Body}");
            }
        }
    }

    private async Task<Outcome> SendAsync(RunningServer server, int worker, HttpMethod method, string path, string? body)
    {
        var started = _phase;
        var clock = Stopwatch.StartNew();
        using var bound = new CancellationTokenSource(NoHang);
        Outcome outcome;
        try
        {
            using var response = await server.SendAsync(method, path, body).WaitAsync(bound.Token);
            outcome = new Outcome(
                worker, $"{method} {path}", started, _phase, response.StatusCode,
                response.Headers.RetryAfter?.ToString(), response.Content.Headers.ContentType?.MediaType,
                await response.Content.ReadAsStringAsync(bound.Token), clock.Elapsed, Hung: false);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            outcome = new Outcome(worker, $"{method} {path}", started, _phase, 0, null, null, "", clock.Elapsed, Hung: true);
        }

        _outcomes.Add(outcome);
        return outcome;
    }

    private bool EachWorker(Func<Outcome, bool> condition, int atLeast) =>
        Enumerable.Range(0, Workers).All(w => _outcomes.Count(o => o.Worker == w && condition(o)) >= atLeast);

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var bound = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(bound.Elapsed < NoHang, $"No {what} within {NoHang.TotalSeconds} s.");
            await Task.Delay(20);
        }
    }

    private sealed record Outcome(
        int Worker, string Request, Phase Started, Phase Ended, HttpStatusCode Status, string? RetryAfter, string? MediaType,
        string Body, TimeSpan Elapsed, bool Hung);
}
