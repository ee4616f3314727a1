using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Storage;
using Microsoft.Azure.Cosmos;

namespace ContextBench;

/// <param name="Client">Where the burst's PATCHes are sent from: this process, or a process of its own (<see cref="BurstClient"/>).</param>
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
    string Client, int Bursts, int Writers, int NoContent, int Lost, int Refused, double P50Ms, double P99Ms, double MaxMs, double BurstMs,
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
         Hot session, the burst sent from {Client}: {Bursts} bursts of {Writers} concurrent PATCHes of different properties on one session of account {BenchHost.Account} (HTTP, ContextServer)
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
        client = Client,
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

    private BenchHost Host => host;

    /// <summary>The session of another account, and another session of the bursting account, that the probes read.</summary>
    private readonly Uri _other = new(host.Http.BaseAddress!, $"{OtherPath}/calm/properties");
    private readonly Uri _sameAccount = new(host.Http.BaseAddress!, $"{Path}/calm/properties");

    public const string ClientInProcess = "this process";
    public const string ClientApart = "a process of its own";

    /// <summary>
    /// The bursts sent from this process and from a process of its own, alternating burst by burst, each with its own
    /// figures: in this process the client's 200 sends and answers share the server's thread pool, as they would not in
    /// production.
    /// </summary>
    public async Task<IReadOnlyList<HotSessionResult>> RunAsync(int writers = 200, int bursts = 5)
    {
        progress($"hot session: {bursts} bursts of {writers} concurrent PATCHes on one session of {BenchHost.Account} from this process and " +
                 $"{bursts} from a process of its own, alternating; a session of {BenchHost.OtherAccount} and another of {BenchHost.Account} read meanwhile");
        foreach (var (uri, key) in new[] { (_other, BenchHost.OtherApiKey), (_sameAccount, BenchHost.ApiKey) })
        {
            using var seed = await Send(HttpMethod.Patch, uri, """{"intent":"billing-dispute","language":"en-GB"}""", key);
            seed.EnsureSuccessStatusCode();
        }

        await using var apart = BurstClientProcess.Start();
        Run[] runs =
        [
            new(ClientInProcess, this, (hot, n) => BurstClient.BurstAsync(_client, hot, BenchHost.ApiKey, n)),
            new(ClientApart, this, (hot, n) => apart.BurstAsync(hot, BenchHost.ApiKey, n)),
        ];
        for (var burst = 0; burst < bursts; burst++)
        {
            foreach (var run in runs)
            {
                await run.BurstAsync(burst, writers);
            }
        }

        _client.Dispose();
        var results = runs.Select(run => run.Result(bursts, writers)).ToArray();
        foreach (var result in results)
        {
            progress($"  hot session, burst from {result.Client}: p99 {result.P99Ms:0} ms, {result.NoContent} 204s, {result.Refused} 503s, " +
                     $"{result.Lost} lost, another account's GET {result.OtherReadRatios}x idle, the same account's other session " +
                     $"{result.SameAccountRatios}x, the raw SDK read {result.RawReadRatios}x, the limit's GET {result.LimitReadRatios}x, " +
                     $"an unknown account's 403 {result.HttpOnlyRatios}x");
        }

        return results;
    }

    /// <summary>The bursts of one client placement, with the reads timed around them.</summary>
    private sealed class Run
    {
        private readonly string _client;
        private readonly HotSessionBench _bench;
        private readonly Func<Uri, int, Task<(HttpStatusCode StatusCode, double TotalMilliseconds)[]>> _burst;
        private readonly Probe _otherRead;
        private readonly Probe _sameAccountRead;
        private readonly Probe _rawRead;
        private readonly Probe _limitRead;
        private readonly Probe _httpOnly;
        private readonly Probe[] _probes;
        private readonly List<double> _latencies = [];
        private int _noContent;
        private int _refused;
        private int _lost;
        private double _burstMs;
        private TimeSpan _burstCpu;
        private long _maxPending;
        private long _contentions;

        public Run(string client, HotSessionBench bench, Func<Uri, int, Task<(HttpStatusCode, double)[]>> burst)
        {
            (_client, _bench, _burst) = (client, bench, burst);
            var baseAddress = bench.Host.Http.BaseAddress!;
            var limit = new Uri(baseAddress, $"{BaselineEndpoints.Prefix.TrimStart('/')}calm");
            var unknownAccount = new Uri(baseAddress, $"v1/account/le99999999/{ThroughputBench.Namespace}/calm/properties");
            var otherPartition = ContextContainer.SessionPartition(new SessionKey(BenchHost.OtherAccount, ThroughputBench.Namespace, "calm"));
            _otherRead = new(() => bench.TimedReadAsync(bench._other, BenchHost.OtherApiKey));
            _sameAccountRead = new(() => bench.TimedReadAsync(bench._sameAccount, BenchHost.ApiKey));
            _rawRead = new(() => bench.TimedRawReadAsync(otherPartition));
            _limitRead = new(() => bench.TimedReadAsync(limit, BenchHost.ApiKey));
            _httpOnly = new(() => bench.TimedReadAsync(unknownAccount, BenchHost.ApiKey));
            _probes = [_otherRead, _sameAccountRead, _rawRead, _limitRead, _httpOnly];
        }

        public async Task BurstAsync(int burst, int writers)
        {
            for (var i = 0; i < 200; i++)
            {
                foreach (var probe in _probes)
                {
                    await probe.IdleAsync();
                }
            }

            var hot = new Uri(_bench.Host.Http.BaseAddress!, $"{Path}/hot-{burst}-{Guid.NewGuid():N}/properties");
            using var done = new CancellationTokenSource();
            var readers = _probes.Select(probe => Task.Run(() => probe.DuringAsync(done.Token,
                probe == _otherRead ? () => _maxPending = Math.Max(_maxPending, ThreadPool.PendingWorkItemCount) : null))).ToArray();
            var started = Stopwatch.GetTimestamp();
            var cpu = Environment.CpuUsage.TotalTime;
            var lockContentions = Monitor.LockContentionCount;
            var answers = await _burst(hot, writers);
            _burstMs += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            _burstCpu += Environment.CpuUsage.TotalTime - cpu;
            _contentions += Monitor.LockContentionCount - lockContentions;
            await done.CancelAsync();
            await Task.WhenAll(readers);
            foreach (var probe in _probes)
            {
                probe.EndBurst();
            }

            _noContent += answers.Count(a => a.StatusCode == HttpStatusCode.NoContent);
            _refused += answers.Count(a => a.StatusCode == HttpStatusCode.ServiceUnavailable);
            _latencies.AddRange(answers.Select(a => a.TotalMilliseconds));
            _lost += await _bench.CountLostAsync(hot, writers, answers.Select(a => a.StatusCode == HttpStatusCode.NoContent).ToArray());
        }

        public HotSessionResult Result(int bursts, int writers)
        {
            _latencies.Sort();
            return new HotSessionResult(
                _client, bursts, writers, _noContent, _lost, _refused,
                Percentile(_latencies, 0.5), Percentile(_latencies, 0.99), _latencies[^1], _burstMs / bursts,
                _otherRead.IdleP50, _otherRead.DuringP50, _otherRead.DuringCount, _otherRead.Ratios,
                _sameAccountRead.IdleP50, _sameAccountRead.DuringP50, _sameAccountRead.Ratios,
                _rawRead.IdleP50, _rawRead.DuringP50, _rawRead.Ratios,
                _limitRead.IdleP50, _limitRead.DuringP50, _limitRead.Ratios,
                _httpOnly.IdleP50, _httpOnly.DuringP50, _httpOnly.Ratios,
                _burstCpu.TotalMilliseconds / _burstMs, _maxPending, _contentions);
        }
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
