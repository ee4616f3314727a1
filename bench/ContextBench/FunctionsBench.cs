using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using ContextFunctions.HostEmulator;

namespace ContextBench;

/// <summary>A build of the Functions app to start: its output directory and app settings beyond the bench's own.</summary>
public sealed record FunctionsBuild(string Name, string Directory, IReadOnlyDictionary<string, string?> Settings);

public sealed record ColdStartResult(string Name, IReadOnlyList<double> Milliseconds, IReadOnlyList<double> ReadyMilliseconds)
{
    public double MedianMs => Median(Milliseconds);

    public double MedianReadyMs => Median(ReadyMilliseconds);

    private static double Median(IReadOnlyList<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);
}

/// <param name="WorkerCpuMicroseconds">The worker process's own CPU per operation, by variant name (Functions rows only).</param>
public sealed record FunctionsLoadResult(
    string Build, IReadOnlyList<LoadResult> Concurrent, IReadOnlyList<LoadResult> Single,
    double RssAfterWarmupMb, double RssPeakMb, IReadOnlyDictionary<string, double> WorkerCpuMicroseconds);

/// <summary>
/// The Functions app as brands run it, under the test suite's host emulator (tests/ContextFunctions.HostEmulator):
/// cold starts of several builds to the first 200 answer, and S3/S1 load through the worker interleaved with the same
/// load on ContextServer, with the worker's RSS and CPU read from /proc.
/// </summary>
public sealed class FunctionsBench(BenchHost host, BenchOptions options, Action<string> progress)
{
    public const string FunctionsRead = "S3 GET via Functions worker";
    public const string FunctionsWrite = "S1 PATCH via Functions worker";
    private const string ReadPath = $"v1/account/{BenchHost.Account}/{ThroughputBench.Namespace}/read-0/properties";

    /// <summary>Starts each build <paramref name="starts"/> times, the builds in turn, and times process start to the first 200.</summary>
    public async Task<IReadOnlyList<ColdStartResult>> ColdStartsAsync(IReadOnlyList<FunctionsBuild> builds, int starts)
    {
        var times = builds.ToDictionary(b => b.Name, _ => (Total: new List<double>(), Ready: new List<double>()));
        for (var round = 1; round <= starts; round++)
        {
            foreach (var build in builds)
            {
                var (total, ready) = await ColdStartAsync(build);
                times[build.Name].Total.Add(total);
                times[build.Name].Ready.Add(ready);
                progress($"cold start {round}/{starts} of {build.Name}: first 200 after {total:0} ms (functions loaded after {ready:0} ms)");
            }
        }

        return [.. builds.Select(b => new ColdStartResult(b.Name, times[b.Name].Total, times[b.Name].Ready))];
    }

    private async Task<(double Total, double Ready)> ColdStartAsync(FunctionsBuild build)
    {
        await using var emulator = await FunctionsHostEmulator.StartAsync(build.Directory, FunctionsAppBuild.AssemblyName, Settings(build));
        var loaded = Stopwatch.StartNew();
        using var client = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, ReadPath);
            request.Headers.TryAddWithoutValidation("maven-api-key", BenchHost.ApiKey);
            using var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return ((emulator.StartToReady + loaded.Elapsed).TotalMilliseconds, emulator.StartToReady.TotalMilliseconds);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{build.Name}: no 200 within 60 s of start; last answer {(int)response.StatusCode}.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>S3 and S1 through the worker, interleaved with ContextServer, at the bench's concurrency and at one worker.</summary>
    public async Task<FunctionsLoadResult> LoadAsync(FunctionsBuild build)
    {
        await using var emulator = await FunctionsHostEmulator.StartAsync(build.Directory, FunctionsAppBuild.AssemblyName, Settings(build));
        progress($"Functions worker ({build.Name}) pid {emulator.Worker.Id} under the host emulator at {emulator.BaseAddress}");
        using var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = Math.Max(options.Concurrency, 2),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        var readUris = Uris(emulator.BaseAddress, w => $"v1/account/{BenchHost.Account}/{ThroughputBench.Namespace}/read-{w}/properties");
        var writeUris = Uris(emulator.BaseAddress, w => $"v1/account/{BenchHost.Account}/{ThroughputBench.Namespace}/fn-write-{w}/properties");
        var apiReadUris = Uris(host.Http.BaseAddress!, w => $"v1/account/{BenchHost.Account}/{ThroughputBench.Namespace}/read-{w}/properties");
        var apiWriteUris = Uris(host.Http.BaseAddress!, w => $"v1/account/{BenchHost.Account}/{ThroughputBench.Namespace}/api-write-{w}/properties");
        var pid = emulator.Worker.Id;
        var workerCpu = new Dictionary<string, (TimeSpan Cpu, long Operations)>();

        async Task<bool> Read(HttpMessageInvoker client, Uri uri)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("maven-api-key", BenchHost.ApiKey);
            using var response = await client.SendAsync(request, CancellationToken.None);
            await response.Content.LoadIntoBufferAsync();
            return response.StatusCode == HttpStatusCode.OK;
        }

        async Task<bool> Write(HttpMessageInvoker client, Uri uri, long iteration)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, uri);
            request.Headers.TryAddWithoutValidation("maven-api-key", BenchHost.ApiKey);
            request.Content = ThroughputBench.JsonBody($$"""{"turn":{{iteration}},"intent":"billing-dispute"}""");
            using var response = await client.SendAsync(request, CancellationToken.None);
            return response.StatusCode == HttpStatusCode.NoContent;
        }

        // Warm-up of both paths, then the worker's RSS; VmHWM afterwards is its peak over warm-up and load.
        var warmupOptions = options with { Duration = options.Warmup * 2, Rounds = 1, Warmup = TimeSpan.Zero };
        progress("warming up the Functions worker (reads and writes)");
        await LoadRun.RunInterleavedAsync(
            [new("warm-up read", (w, i) => Read(invoker, readUris[w]), false), new("warm-up write", (w, i) => Write(invoker, writeUris[w], i), false)],
            warmupOptions, host.ServerCounter, host.RawCounter, _ => { });
        var rssAfterWarmup = ProcessMemoryMb(pid, "VmRSS:");

        List<LoadResult> concurrent = [];
        List<LoadResult> single = [];
        foreach (var (rows, concurrency) in new[] { (concurrent, options.Concurrency), (single, 1) })
        {
            var loadOptions = options with { Concurrency = concurrency };
            progress($"Functions worker vs ContextServer, {concurrency} worker(s)");
            foreach (var pair in new[]
                     {
                         (ThroughputBench.Names.ApiRead, FunctionsRead, (BenchOperation)((w, i) => Read(host.Load, apiReadUris[w])),
                             (BenchOperation)((w, i) => Read(invoker, readUris[w]))),
                         (ThroughputBench.Names.ApiWrite, FunctionsWrite, (w, i) => Write(host.Load, apiWriteUris[w], i),
                             (w, i) => Write(invoker, writeUris[w], i)),
                     })
            {
                var cpuBefore = ProcessCpu(pid);
                var results = await LoadRun.RunInterleavedAsync(
                    [new(pair.Item1, pair.Item3, ThroughApi: true), new(pair.Item2, pair.Item4, ThroughApi: false)],
                    loadOptions, host.ServerCounter, host.RawCounter, progress);
                rows.AddRange(results);
                var functionsRow = results.Single(r => r.Name == pair.Item2);
                if (concurrency == options.Concurrency)
                {
                    // The worker only works during the Functions variant's slices (and its warm-up).
                    var warmupOps = functionsRow.OpsPerSecond * options.Warmup.TotalSeconds;
                    workerCpu[pair.Item2] = (ProcessCpu(pid) - cpuBefore, functionsRow.Operations + (long)warmupOps);
                }
            }
        }

        var peak = ProcessMemoryMb(pid, "VmHWM:");
        return new FunctionsLoadResult(build.Name, concurrent, single, rssAfterWarmup, peak,
            workerCpu.ToDictionary(p => p.Key, p => p.Value.Operations == 0 ? 0 : p.Value.Cpu.TotalMicroseconds / p.Value.Operations));
    }

    private Uri[] Uris(Uri baseAddress, Func<int, string> path) =>
        [.. Enumerable.Range(0, options.Concurrency).Select(w => new Uri(baseAddress, path(w)))];

    /// <summary>The bench's account and key on the bench's container, which already exists (as in Azure, where infra creates it).</summary>
    private Dictionary<string, string> Settings(FunctionsBuild build)
    {
        var settings = new Dictionary<string, string>
        {
            ["Sweeper:Schedule"] = "0 */5 * * * *",
            // The worker's own Application Insights and console logs would only slow it down here.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Cosmos:Endpoint"] = host.Options.Endpoint,
            ["Cosmos:Database"] = host.Options.Database,
            ["Cosmos:Container"] = host.Options.Container,
            ["Cosmos:CreateIfNotExists"] = "false",
            [$"ApiKeys:{BenchHost.Account}"] = BenchHost.ApiKey,
            // The bench measures what an instance can serve; the per-account rate limit would measure its own setting.
            ["AccountRateLimit:Enabled"] = "false",
        };
        foreach (var (key, value) in build.Settings)
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        // As app settings reach the worker: environment variables, with __ for the configuration's section separator.
        return settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
    }

    /// <summary>User + system CPU of a process, from /proc/{pid}/stat (clock ticks of 10 ms on Linux).</summary>
    private static TimeSpan ProcessCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static double ProcessMemoryMb(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        var kb = long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kb / 1024.0;
    }

    public static string Table(IReadOnlyList<ColdStartResult> coldStarts, FunctionsLoadResult load)
    {
        var s = new StringBuilder();
        s.AppendLine("Functions app cold start: worker process start to the first 200 answer (median of each build's starts, interleaved)");
        foreach (var c in coldStarts)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {c.Name,-52} {c.MedianMs,6:0} ms  (functions loaded {c.MedianReadyMs:0} ms; all: {string.Join(" ", c.Milliseconds.Select(m => m.ToString("0", CultureInfo.InvariantCulture)))})");
        }

        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Functions worker ({load.Build}) under the host emulator, interleaved with ContextServer");
        foreach (var (heading, rows) in new[] { ("16 workers", load.Concurrent), ("1 worker", load.Single) })
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"  {heading,-36} {"ops/s",7} {"p50 ms",7} {"p99 ms",7} {"errors",6}");
            foreach (var r in rows)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"  {r.Name,-36} {r.OpsPerSecond,7:0} {r.P50Ms,7:0.00} {r.P99Ms,7:0.00} {r.Errors,6}");
            }

            s.AppendLine(CultureInfo.InvariantCulture,
                $"  worker hop adds p50: read {HopMs(rows, true):0.00} ms, write {HopMs(rows, false):0.00} ms");
        }

        var cpu = string.Join(", ", load.WorkerCpuMicroseconds.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0} us")));
        s.AppendLine(CultureInfo.InvariantCulture,
            $"  worker RSS: {load.RssAfterWarmupMb:0} MB after warm-up, peak {load.RssPeakMb:0} MB; worker CPU per op (16 workers): {cpu}");
        s.AppendLine();
        return s.ToString();
    }

    public static double HopMs(IReadOnlyList<LoadResult> rows, bool read)
    {
        var api = rows.Single(r => r.Name == (read ? ThroughputBench.Names.ApiRead : ThroughputBench.Names.ApiWrite));
        var functions = rows.Single(r => r.Name == (read ? FunctionsRead : FunctionsWrite));
        return functions.P50Ms - api.P50Ms;
    }

    public static object Json(IReadOnlyList<ColdStartResult> coldStarts, FunctionsLoadResult load)
    {
        static object Row(LoadResult r) => new
        {
            name = r.Name,
            operations = r.Operations,
            errors = r.Errors,
            opsPerSecond = Math.Round(r.OpsPerSecond, 1),
            p50Ms = Math.Round(r.P50Ms, 3),
            p99Ms = Math.Round(r.P99Ms, 3),
        };

        var shipped = coldStarts[0];
        var fastest = coldStarts.MinBy(c => c.MedianMs)!;
        return new
        {
            coldStartMs = Math.Round(fastest.MedianMs, 1),
            coldStartBuild = fastest.Name,
            coldStartShippedBeforeMs = Math.Round(shipped.MedianMs, 1),
            coldStarts = coldStarts.Select(c => new
            {
                name = c.Name,
                medianMs = Math.Round(c.MedianMs, 1),
                medianFunctionsLoadedMs = Math.Round(c.MedianReadyMs, 1),
                allMs = c.Milliseconds.Select(m => Math.Round(m, 1)),
            }),
            loadBuild = load.Build,
            rssAfterWarmupMb = Math.Round(load.RssAfterWarmupMb, 1),
            rssPeakMb = Math.Round(load.RssPeakMb, 1),
            workerCpuMicrosecondsPerOperation = load.WorkerCpuMicroseconds.ToDictionary(p => p.Key, p => Math.Round(p.Value, 1)),
            hopP50Ms = new
            {
                concurrent = new { read = Math.Round(HopMs(load.Concurrent, true), 3), write = Math.Round(HopMs(load.Concurrent, false), 3) },
                single = new { read = Math.Round(HopMs(load.Single, true), 3), write = Math.Round(HopMs(load.Single, false), 3) },
            },
            concurrent = load.Concurrent.Select(Row),
            single = load.Single.Select(Row),
        };
    }
}
