using System.Diagnostics;

namespace ContextBench;

/// <summary>One operation of one worker; returns false when the answer was not the expected success.</summary>
public delegate Task<bool> BenchOperation(int worker, long iteration);

public sealed record BenchVariant(string Name, BenchOperation Operation, bool ThroughApi);

/// <summary>One variant's figures in one round (one slice): what the round-by-round ratios are taken from.</summary>
public sealed record RoundFigures(double OpsPerSecond, double CpuMicrosecondsPerOperation, double AllocatedBytesPerOperation);

/// <summary>Latencies, throughput and costs of one variant over all its measured slices, and each slice's own figures.</summary>
public sealed record LoadResult(string Name, bool ThroughApi, long Operations, long Errors, double Seconds, double OpsPerSecond,
    double P50Ms, double P99Ms, double MeanMs, double CpuMicrosecondsPerOperation, double AllocatedBytesPerOperation,
    RequestCounts ServerRequests, RequestCounts RawRequests)
{
    /// <summary>The Cosmos requests of the side that did the work: the server's for API variants, the raw client's otherwise.</summary>
    public RequestCounts Requests => ThroughApi ? ServerRequests : RawRequests;

    /// <summary>The figures of each round in order; the variants of one run have the same number of rounds, run in turn.</summary>
    public IReadOnlyList<RoundFigures> Rounds { get; init; } = [];
}

/// <summary>
/// Runs variants from N workers in closed loops. After a warm-up of each, the measured duration of every
/// variant is cut into rounds that alternate between the variants (A B C A B C …), so that a shared machine's
/// changing background load falls on all of them alike; each variant gets the same concurrency and total duration.
/// </summary>
public static class LoadRun
{
    public static async Task<IReadOnlyList<LoadResult>> RunInterleavedAsync(
        IReadOnlyList<BenchVariant> variants, BenchOptions options, CosmosRequestCounter serverCounter, CosmosRequestCounter rawCounter,
        Action<string> progress)
    {
        if (options.Warmup > TimeSpan.Zero)
        {
            foreach (var variant in variants)
            {
                progress($"warming up {variant.Name} ({options.Warmup.TotalSeconds:0.#} s)");
                await RunWorkersAsync(options.Concurrency, options.Warmup, variant.Operation, iterationBase: 0);
            }
        }

        var slice = options.Duration / options.Rounds;
        var totals = variants.Select(v => new Totals(v)).ToArray();
        for (var round = 1; round <= options.Rounds; round++)
        {
            progress($"round {round}/{options.Rounds}: {string.Join(", ", variants.Select(v => v.Name))} ({slice.TotalSeconds:0.##} s each)");
            foreach (var total in totals)
            {
                serverCounter.Reset();
                rawCounter.Reset();
                var cpu = Environment.CpuUsage.TotalTime;
                var allocated = GC.GetTotalAllocatedBytes(precise: false);
                var started = Stopwatch.GetTimestamp();
                var workers = await RunWorkersAsync(
                    options.Concurrency, slice, total.Variant.Operation, iterationBase: round * 1_000_000_000L);
                var ended = Stopwatch.GetTimestamp();
                var seconds = Stopwatch.GetElapsedTime(started, ended).TotalSeconds;
                var sliceCpu = Environment.CpuUsage.TotalTime - cpu;
                var sliceAllocated = GC.GetTotalAllocatedBytes(precise: false) - allocated;
                total.Seconds += seconds;
                total.Cpu += sliceCpu;
                total.Allocated += sliceAllocated;
                total.Add(serverCounter.Reset(), rawCounter.Reset());
                long operations = 0;
                foreach (var worker in workers)
                {
                    total.Latencies.AddRange(worker.Latencies);
                    total.Errors += worker.Errors;
                    operations += worker.Latencies.Count;
                }

                total.Rounds.Add(operations == 0
                    ? new RoundFigures(0, 0, 0)
                    : new RoundFigures(operations / seconds, sliceCpu.TotalMicroseconds / operations, (double)sliceAllocated / operations));
                options.SliceLog?.Invoke(total.Variant.Name, round, started, ended);
            }
        }

        var results = totals.Select(t => t.Result()).ToList();
        foreach (var r in results)
        {
            progress($"  {r.Name}: {r.OpsPerSecond:0} ops/s, p50 {r.P50Ms:0.00} ms, p99 {r.P99Ms:0.00} ms, {r.Errors} errors");
        }

        return results;
    }

    private sealed class Totals(BenchVariant variant)
    {
        private readonly Dictionary<string, long> _server = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _raw = new(StringComparer.Ordinal);

        public BenchVariant Variant { get; } = variant;

        public List<double> Latencies { get; } = new(capacity: 65_536);

        public List<RoundFigures> Rounds { get; } = [];

        public long Errors { get; set; }

        public double Seconds { get; set; }

        public TimeSpan Cpu { get; set; }

        public long Allocated { get; set; }

        public void Add(RequestCounts server, RequestCounts raw)
        {
            foreach (var (key, count) in server.ByOperation)
            {
                _server[key] = _server.GetValueOrDefault(key) + count;
            }

            foreach (var (key, count) in raw.ByOperation)
            {
                _raw[key] = _raw.GetValueOrDefault(key) + count;
            }
        }

        public LoadResult Result()
        {
            var sorted = Latencies.ToArray();
            Array.Sort(sorted);
            var operations = sorted.Length;
            return new LoadResult(
                Variant.Name,
                Variant.ThroughApi,
                operations,
                Errors,
                Seconds,
                Seconds == 0 ? 0 : operations / Seconds,
                Percentile(sorted, 0.50),
                Percentile(sorted, 0.99),
                operations == 0 ? 0 : sorted.Average(),
                operations == 0 ? 0 : Cpu.TotalMicroseconds / operations,
                operations == 0 ? 0 : (double)Allocated / operations,
                new RequestCounts(_server),
                new RequestCounts(_raw))
            {
                Rounds = Rounds,
            };
        }
    }

    private sealed class Worker
    {
        public List<double> Latencies { get; } = new(capacity: 16_384);

        public long Errors { get; set; }
    }

    private static async Task<Worker[]> RunWorkersAsync(int concurrency, TimeSpan duration, BenchOperation operation, long iterationBase)
    {
        var workers = Enumerable.Range(0, concurrency).Select(_ => new Worker()).ToArray();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(workers.Select((worker, index) => Task.Run(async () =>
        {
            for (var iteration = iterationBase; Stopwatch.GetTimestamp() < deadline; iteration++)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(index, iteration);
                }
                catch (Exception e) when (e is HttpRequestException or Microsoft.Azure.Cosmos.CosmosException or TaskCanceledException)
                {
                    ok = false;
                }

                worker.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!ok)
                {
                    worker.Errors++;
                }
            }
        })));
        return workers;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
