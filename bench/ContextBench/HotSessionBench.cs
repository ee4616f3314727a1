using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ContextStore;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Sessions;
using ContextStore.Storage;
using Microsoft.Azure.Cosmos;

namespace ContextBench;

/// <param name="Writers">Concurrent PATCHes per burst, each setting a property of its own on the one hot session.</param>
/// <param name="NoContent">Answers 204 over all bursts.</param>
/// <param name="Lost">Properties missing or wrong when the hot session was read back after each burst, summed.</param>
/// <param name="OtherReadIdleP50Ms">Another account's GET p50 with no burst running (measured between the bursts, all of them).</param>
/// <param name="OtherReadBurstP50Ms">The same GET's p50 while a burst runs (all bursts).</param>
/// <param name="OtherReadRatios">Burst over idle p50 of another account's GET, one per burst (idle measured just before it).</param>
/// <param name="SameAccountRatios">The same for another session of the bursting account, read at the same time (context).</param>
/// <param name="RawReadRatios">
/// The same session of another account read with the raw SDK (no HTTP, no API) at the same time, burst over idle p50 by
/// burst: how much of the other account's slowdown is the Cosmos DB server and this process's thread pool, which the
/// burst shares with it, rather than the API.
/// </param>
/// <param name="LimitReadRatios">
/// A session read through the limit's endpoint (key header, point read, copy: HTTP and Cosmos DB, no API) at the same
/// time: the least any HTTP front on this machine could be slowed by the burst.
/// </param>
/// <param name="HttpOnlyRatios">An unknown account's GET (403 before any Cosmos DB call) at the same time: the HTTP share alone.</param>
/// <param name="BurstCores">This process's CPU time during the bursts over their wall time: cores kept busy (client and server).</param>
/// <param name="MaxPendingWorkItems">The most thread-pool work items seen waiting when another account's GET started during a burst.</param>
/// <param name="LockContentions">Monitor lock contentions in this process during the bursts, summed.</param>
public sealed record HotSessionResult(
    int Bursts, int Writers, int NoContent, int Lost, int Refused, double P50Ms, double P99Ms, double MaxMs, double BurstMs,
    double OtherReadIdleP50Ms, double OtherReadBurstP50Ms, int OtherReadsDuringBursts, Spread OtherReadRatios,
    double SameAccountIdleP50Ms, double SameAccountBurstP50Ms, Spread SameAccountRatios,
    double RawReadIdleP50Ms, double RawReadBurstP50Ms, Spread RawReadRatios,
    double LimitReadIdleP50Ms, double LimitReadBurstP50Ms, Spread LimitReadRatios,
    double HttpOnlyIdleP50Ms, double HttpOnlyBurstP50Ms, Spread HttpOnlyRatios,
    double BurstCores, long MaxPendingWorkItems, long LockContentions)
{
    /// <summary>The median over the bursts of another account's GET p50 during the burst over idle: what the target is judged on.</summary>
    public double OtherReadP50Ratio => OtherReadRatios.Median;

    public string Table() => string.Create(CultureInfo.InvariantCulture,
        $"""
         Hot session: {Bursts} bursts of {Writers} concurrent PATCHes of different properties on one session of account {BenchHost.Account} (HTTP, ContextServer)
           204 answers {NoContent}/{Bursts * Writers}, 503 {Refused}, properties lost {Lost}; PATCH p50 {P50Ms:0} ms, p99 {P99Ms:0} ms, max {MaxMs:0} ms; a burst takes {BurstMs:0} ms
           ANOTHER ACCOUNT's ({BenchHost.OtherAccount}) GET p50: idle {OtherReadIdleP50Ms:0.00} ms, during the bursts {OtherReadBurstP50Ms:0.00} ms; burst/idle by burst {OtherReadRatios}x ({OtherReadsDuringBursts} reads)
           another session of the SAME account, read at the same time: idle {SameAccountIdleP50Ms:0.00} ms, during the bursts {SameAccountBurstP50Ms:0.00} ms; by burst {SameAccountRatios}x
           where the other account's wait is, read at the same time: its session by the raw SDK (Cosmos DB server and this process, no HTTP, no API)
             idle {RawReadIdleP50Ms:0.00} ms, during the bursts {RawReadBurstP50Ms:0.00} ms, by burst {RawReadRatios}x; the limit's GET (HTTP and point read, no API)
             idle {LimitReadIdleP50Ms:0.00} ms, during the bursts {LimitReadBurstP50Ms:0.00} ms, by burst {LimitReadRatios}x; an unknown account's GET (403, HTTP and key check, no Cosmos DB)
             idle {HttpOnlyIdleP50Ms:0.00} ms, during the bursts {HttpOnlyBurstP50Ms:0.00} ms, by burst {HttpOnlyRatios}x
           during the bursts: {BurstCores:0.00} of {Environment.ProcessorCount} cores busy in this process, up to {MaxPendingWorkItems} thread-pool work items waiting, {LockContentions} lock contentions

         """);

    public object Json() => new
    {
        bursts = Bursts,
        writers = Writers,
        noContent = NoContent,
        refused = Refused,
        lost = Lost,
        p50Ms = Math.Round(P50Ms, 2),
        p99Ms = Math.Round(P99Ms, 2),
        maxMs = Math.Round(MaxMs, 2),
        burstMs = Math.Round(BurstMs, 2),
        otherReadIs = $"another account ({BenchHost.OtherAccount}) than the bursting one ({BenchHost.Account})",
        otherReadIdleP50Ms = Math.Round(OtherReadIdleP50Ms, 3),
        otherReadBurstP50Ms = Math.Round(OtherReadBurstP50Ms, 3),
        otherReadP50Ratio = Math.Round(OtherReadP50Ratio, 3),
        otherReadP50RatioByBurst = OtherReadRatios.Json(),
        otherReadsDuringBursts = OtherReadsDuringBursts,
        sameAccountReadIdleP50Ms = Math.Round(SameAccountIdleP50Ms, 3),
        sameAccountReadBurstP50Ms = Math.Round(SameAccountBurstP50Ms, 3),
        sameAccountReadP50RatioByBurst = SameAccountRatios.Json(),
        rawReadIdleP50Ms = Math.Round(RawReadIdleP50Ms, 3),
        rawReadBurstP50Ms = Math.Round(RawReadBurstP50Ms, 3),
        rawReadP50RatioByBurst = RawReadRatios.Json(),
        limitReadIdleP50Ms = Math.Round(LimitReadIdleP50Ms, 3),
        limitReadBurstP50Ms = Math.Round(LimitReadBurstP50Ms, 3),
        limitReadP50RatioByBurst = LimitReadRatios.Json(),
        httpOnlyIdleP50Ms = Math.Round(HttpOnlyIdleP50Ms, 3),
        httpOnlyBurstP50Ms = Math.Round(HttpOnlyBurstP50Ms, 3),
        httpOnlyP50RatioByBurst = HttpOnlyRatios.Json(),
        burstCores = Math.Round(BurstCores, 2),
        maxPendingWorkItems = MaxPendingWorkItems,
        lockContentions = LockContentions,
    };
}

/// <summary>
/// Many writers on one session of one account at once, through HTTP: every PATCH sets a property of its own, so every
/// one of them must survive. Meanwhile one client reads a session of ANOTHER ACCOUNT in a loop (the target: one account's
/// burst must not slow another's), and a second client a session of the bursting account (context: that account's
/// excess is queued, so its own other sessions wait); both again between bursts for the idle figures.
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
    private const string OtherPath = $"v1/account/{BenchHost.OtherAccount}/{ThroughputBench.Namespace}";

    public async Task<HotSessionResult> RunAsync(int writers = 200, int bursts = 5)
    {
        progress($"hot session: {bursts} bursts of {writers} concurrent PATCHes on one session of {BenchHost.Account}, " +
                 $"a session of {BenchHost.OtherAccount} and another of {BenchHost.Account} read meanwhile");
        var other = new Uri(host.Http.BaseAddress!, $"{OtherPath}/calm/properties");
        var sameAccount = new Uri(host.Http.BaseAddress!, $"{Path}/calm/properties");
        var limit = new Uri(host.Http.BaseAddress!, $"{BaselineEndpoints.Prefix.TrimStart('/')}calm");
        var unknownAccount = new Uri(host.Http.BaseAddress!, $"v1/account/le99999999/{ThroughputBench.Namespace}/calm/properties");
        foreach (var (uri, key) in new[] { (other, BenchHost.OtherApiKey), (sameAccount, BenchHost.ApiKey) })
        {
            using var seed = await Send(HttpMethod.Patch, uri, """{"intent":"billing-dispute","language":"en-GB"}""", key);
            seed.EnsureSuccessStatusCode();
        }

        var otherPartition = ContextContainer.SessionPartition(new SessionKey(BenchHost.OtherAccount, ThroughputBench.Namespace, "calm"));
        Probe otherRead = new(() => TimedReadAsync(other, BenchHost.OtherApiKey));
        Probe sameAccountRead = new(() => TimedReadAsync(sameAccount, BenchHost.ApiKey));
        Probe rawRead = new(() => TimedRawReadAsync(otherPartition));
        Probe limitRead = new(() => TimedReadAsync(limit, BenchHost.ApiKey));
        Probe httpOnly = new(() => TimedReadAsync(unknownAccount, BenchHost.ApiKey));
        Probe[] probes = [otherRead, sameAccountRead, rawRead, limitRead, httpOnly];

        var latencies = new List<double>();
        var (noContent, refused, lost, burstMs) = (0, 0, 0, 0.0);
        var (burstCpu, maxPending, contentions) = (TimeSpan.Zero, 0L, 0L);
        for (var burst = 0; burst < bursts; burst++)
        {
            for (var i = 0; i < 200; i++)
            {
                foreach (var probe in probes)
                {
                    await probe.IdleAsync();
                }
            }

            var hot = new Uri(host.Http.BaseAddress!, $"{Path}/hot-{burst}-{Guid.NewGuid():N}/properties");
            using var done = new CancellationTokenSource();
            var readers = probes.Select(probe => Task.Run(() => probe.DuringAsync(done.Token,
                probe == otherRead ? () => maxPending = Math.Max(maxPending, ThreadPool.PendingWorkItemCount) : null))).ToArray();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var started = Stopwatch.GetTimestamp();
            var cpu = Environment.CpuUsage.TotalTime;
            var lockContentions = Monitor.LockContentionCount;
            var writes = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
            {
                await start.Task;
                var began = Stopwatch.GetTimestamp();
                using var response = await Send(HttpMethod.Patch, hot, $$"""{"p{{i}}":{{i}}}""", BenchHost.ApiKey);
                return (response.StatusCode, Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            })).ToArray();
            start.SetResult();
            var answers = await Task.WhenAll(writes);
            burstMs += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            burstCpu += Environment.CpuUsage.TotalTime - cpu;
            contentions += Monitor.LockContentionCount - lockContentions;
            await done.CancelAsync();
            await Task.WhenAll(readers);
            foreach (var probe in probes)
            {
                probe.EndBurst();
            }

            noContent += answers.Count(a => a.StatusCode == HttpStatusCode.NoContent);
            refused += answers.Count(a => a.StatusCode == HttpStatusCode.ServiceUnavailable);
            latencies.AddRange(answers.Select(a => a.TotalMilliseconds));
            lost += await CountLostAsync(hot, writers, answers.Select(a => a.StatusCode == HttpStatusCode.NoContent).ToArray());
        }

        _client.Dispose();
        latencies.Sort();
        var result = new HotSessionResult(
            bursts, writers, noContent, lost, refused, Percentile(latencies, 0.5), Percentile(latencies, 0.99), latencies[^1], burstMs / bursts,
            otherRead.IdleP50, otherRead.DuringP50, otherRead.DuringCount, otherRead.Ratios,
            sameAccountRead.IdleP50, sameAccountRead.DuringP50, sameAccountRead.Ratios,
            rawRead.IdleP50, rawRead.DuringP50, rawRead.Ratios,
            limitRead.IdleP50, limitRead.DuringP50, limitRead.Ratios,
            httpOnly.IdleP50, httpOnly.DuringP50, httpOnly.Ratios,
            burstCpu.TotalMilliseconds / burstMs, maxPending, contentions);
        progress($"  hot session: p99 {result.P99Ms:0} ms, {result.NoContent} 204s, {result.Refused} 503s, {result.Lost} lost, " +
                 $"another account's GET {result.OtherReadRatios}x idle, the same account's other session {result.SameAccountRatios}x, " +
                 $"the raw SDK read {result.RawReadRatios}x, the limit's GET {result.LimitReadRatios}x, an unknown account's 403 {result.HttpOnlyRatios}x");
        return result;
    }

    private async Task<double> TimedRawReadAsync(PartitionKey partition)
    {
        var began = Stopwatch.GetTimestamp();
        using var response = await host.RawContainer.ReadItemStreamAsync(SessionDocument.DocumentId, partition);
        response.EnsureSuccessStatusCode();
        await response.Content.CopyToAsync(Stream.Null);
        return Stopwatch.GetElapsedTime(began).TotalMilliseconds;
    }

    /// <summary>One kind of request timed in a loop: between the bursts (idle) and during each, and its ratio per burst.</summary>
    private sealed class Probe(Func<Task<double>> timed)
    {
        private readonly List<double> _idle = [];
        private readonly List<double> _during = [];
        private readonly List<double> _idleAll = [];
        private readonly List<double> _duringAll = [];
        private readonly List<double> _ratios = [];

        public double IdleP50 => Median(_idleAll);

        public double DuringP50 => Median(_duringAll);

        public int DuringCount => _duringAll.Count;

        public Spread Ratios => Spread.Of(_ratios);

        public async Task IdleAsync() => _idle.Add(await timed());

        public async Task DuringAsync(CancellationToken done, Action? beforeEach)
        {
            while (!done.IsCancellationRequested)
            {
                beforeEach?.Invoke();
                _during.Add(await timed());
            }
        }

        public void EndBurst()
        {
            _ratios.Add(Median(_during) / Median(_idle));
            _idleAll.AddRange(_idle);
            _duringAll.AddRange(_during);
            _idle.Clear();
            _during.Clear();
        }
    }

    /// <summary>Properties of PATCHes answered 204 that are missing or wrong on the session now.</summary>
    private async Task<int> CountLostAsync(Uri hot, int writers, bool[] saved)
    {
        using var response = await Send(HttpMethod.Get, hot, body: null, BenchHost.ApiKey);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var lost = 0;
        for (var i = 0; i < writers; i++)
        {
            if (saved[i] && (!document.RootElement.TryGetProperty($"p{i}", out var value) || value.GetInt32() != i))
            {
                lost++;
            }
        }

        return lost;
    }

    private async Task<double> TimedReadAsync(Uri uri, string apiKey)
    {
        var began = Stopwatch.GetTimestamp();
        using var response = await Send(HttpMethod.Get, uri, body: null, apiKey);
        await response.Content.LoadIntoBufferAsync();
        return Stopwatch.GetElapsedTime(began).TotalMilliseconds;
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, Uri uri, string? body, string apiKey)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("maven-api-key", apiKey);
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
