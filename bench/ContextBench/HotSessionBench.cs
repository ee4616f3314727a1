using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ContextBench;

/// <param name="Writers">Concurrent PATCHes per burst, each setting a property of its own on the one hot session.</param>
/// <param name="NoContent">Answers 204 over all bursts.</param>
/// <param name="Lost">Properties missing or wrong when the hot session was read back after each burst, summed.</param>
/// <param name="OtherReadIdleP50Ms">Another session's GET p50 with no burst running (measured between the bursts).</param>
/// <param name="OtherReadBurstP50Ms">The same GET's p50 while a burst runs.</param>
/// <param name="BurstCores">This process's CPU time during the bursts over their wall time: cores kept busy (client and server).</param>
/// <param name="MaxPendingWorkItems">The most thread-pool work items seen waiting when another-session GET started during a burst.</param>
/// <param name="LockContentions">Monitor lock contentions in this process during the bursts, summed.</param>
public sealed record HotSessionResult(
    int Bursts, int Writers, int NoContent, int Lost, double P50Ms, double P99Ms, double MaxMs, double BurstMs,
    double OtherReadIdleP50Ms, double OtherReadBurstP50Ms, int OtherReadsDuringBursts,
    double BurstCores, long MaxPendingWorkItems, long LockContentions)
{
    public double OtherReadP50Ratio => OtherReadIdleP50Ms == 0 ? 0 : OtherReadBurstP50Ms / OtherReadIdleP50Ms;

    public string Table() => string.Create(CultureInfo.InvariantCulture,
        $"""
         Hot session: {Bursts} bursts of {Writers} concurrent PATCHes of different properties on one session (HTTP, ContextServer)
           204 answers {NoContent}/{Bursts * Writers}, properties lost {Lost}; PATCH p50 {P50Ms:0} ms, p99 {P99Ms:0} ms, max {MaxMs:0} ms; a burst takes {BurstMs:0} ms
           another session's GET p50: idle {OtherReadIdleP50Ms:0.00} ms, during the burst {OtherReadBurstP50Ms:0.00} ms ({OtherReadP50Ratio:0.00}x, {OtherReadsDuringBursts} reads)
           during the bursts: {BurstCores:0.00} of {Environment.ProcessorCount} cores busy in this process, up to {MaxPendingWorkItems} thread-pool work items waiting, {LockContentions} lock contentions

         """);

    public object Json() => new
    {
        bursts = Bursts,
        writers = Writers,
        noContent = NoContent,
        lost = Lost,
        p50Ms = Math.Round(P50Ms, 2),
        p99Ms = Math.Round(P99Ms, 2),
        maxMs = Math.Round(MaxMs, 2),
        burstMs = Math.Round(BurstMs, 2),
        otherReadIdleP50Ms = Math.Round(OtherReadIdleP50Ms, 3),
        otherReadBurstP50Ms = Math.Round(OtherReadBurstP50Ms, 3),
        otherReadP50Ratio = Math.Round(OtherReadP50Ratio, 3),
        otherReadsDuringBursts = OtherReadsDuringBursts,
        burstCores = Math.Round(BurstCores, 2),
        maxPendingWorkItems = MaxPendingWorkItems,
        lockContentions = LockContentions,
    };
}

/// <summary>
/// Many writers on one session at once, through HTTP: every PATCH sets a property of its own, so every one of them
/// must survive. Meanwhile one client reads another session in a loop, and again between bursts for the idle figure.
/// </summary>
public sealed class HotSessionBench(BenchHost host, Action<string> progress)
{
    // Connections of its own, one per writer: the writers must reach the server at once, not queue in the client.
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = 512,
        UseProxy = false,
    });

    private const string Path = $"v1/account/{BenchHost.Account}/{ThroughputBench.Namespace}";

    public async Task<HotSessionResult> RunAsync(int writers = 200, int bursts = 3)
    {
        progress($"hot session: {bursts} bursts of {writers} concurrent PATCHes on one session, another session read meanwhile");
        var other = new Uri(host.Http.BaseAddress!, $"{Path}/calm/properties");
        using (var seed = await Send(HttpMethod.Patch, other, """{"intent":"billing-dispute","language":"en-GB"}"""))
        {
            seed.EnsureSuccessStatusCode();
        }

        var latencies = new List<double>();
        var idle = new List<double>();
        var during = new List<double>();
        var (noContent, lost, burstMs) = (0, 0, 0.0);
        var (burstCpu, maxPending, contentions) = (TimeSpan.Zero, 0L, 0L);
        for (var burst = 0; burst < bursts; burst++)
        {
            for (var i = 0; i < 200; i++)
            {
                idle.Add(await TimedReadAsync(other));
            }

            var hot = new Uri(host.Http.BaseAddress!, $"{Path}/hot-{burst}-{Guid.NewGuid():N}/properties");
            using var done = new CancellationTokenSource();
            var reader = Task.Run(async () =>
            {
                var seen = new List<double>();
                while (!done.IsCancellationRequested)
                {
                    maxPending = Math.Max(maxPending, ThreadPool.PendingWorkItemCount);
                    seen.Add(await TimedReadAsync(other));
                }

                return seen;
            });
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var started = Stopwatch.GetTimestamp();
            var cpu = Environment.CpuUsage.TotalTime;
            var lockContentions = Monitor.LockContentionCount;
            var writes = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
            {
                await start.Task;
                var began = Stopwatch.GetTimestamp();
                using var response = await Send(HttpMethod.Patch, hot, $$"""{"p{{i}}":{{i}}}""");
                return (response.StatusCode, Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            })).ToArray();
            start.SetResult();
            var answers = await Task.WhenAll(writes);
            burstMs += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            burstCpu += Environment.CpuUsage.TotalTime - cpu;
            contentions += Monitor.LockContentionCount - lockContentions;
            await done.CancelAsync();
            during.AddRange(await reader);
            noContent += answers.Count(a => a.StatusCode == HttpStatusCode.NoContent);
            latencies.AddRange(answers.Select(a => a.TotalMilliseconds));
            lost += await CountLostAsync(hot, writers);
        }

        _client.Dispose();
        latencies.Sort();
        var result = new HotSessionResult(
            bursts, writers, noContent, lost, Percentile(latencies, 0.5), Percentile(latencies, 0.99), latencies[^1], burstMs / bursts,
            Median(idle), Median(during), during.Count,
            burstCpu.TotalMilliseconds / burstMs, maxPending, contentions);
        progress($"  hot session: p99 {result.P99Ms:0} ms, {result.NoContent} 204s, {result.Lost} lost, other GET {result.OtherReadP50Ratio:0.00}x idle");
        return result;
    }

    private async Task<int> CountLostAsync(Uri hot, int writers)
    {
        using var response = await Send(HttpMethod.Get, hot, body: null);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var lost = 0;
        for (var i = 0; i < writers; i++)
        {
            if (!document.RootElement.TryGetProperty($"p{i}", out var value) || value.GetInt32() != i)
            {
                lost++;
            }
        }

        return lost;
    }

    private async Task<double> TimedReadAsync(Uri uri)
    {
        var began = Stopwatch.GetTimestamp();
        using var response = await Send(HttpMethod.Get, uri, body: null);
        await response.Content.LoadIntoBufferAsync();
        return Stopwatch.GetElapsedTime(began).TotalMilliseconds;
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, Uri uri, string? body)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("maven-api-key", BenchHost.ApiKey);
        if (body is not null)
        {
            request.Content = ThroughputBench.JsonBody(body);
        }

        return _client.SendAsync(request, CancellationToken.None);
    }

    private static double Median(List<double> values) => Percentile([.. values.Order()], 0.5);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
