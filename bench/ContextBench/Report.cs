using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ContextBench;

/// <summary>The run's figures as a table for people and as JSON for tools, with the targets of issue 6 checked.</summary>
/// <param name="throughput">The comparison the targets are about: the same concurrency, Cosmos DB on the loopback.</param>
/// <param name="moreComparisons">The same comparison in other conditions, printed with their ratios for context.</param>
public sealed class Report(
    MachineInfo machine, BenchOptions options, IReadOnlyList<LoadResult> throughput, IReadOnlyList<Comparison> moreComparisons,
    IReadOnlyList<EndpointCost> costs, IReadOnlyList<SweepResult> sweeps,
    IReadOnlyList<(string Target, bool Met, string Figure)> extraTargets, IReadOnlyDictionary<string, object> extraJson, string extraTable)
{
    private static readonly string[] ReadEndpoints = ["P3", "P4", "S3", "S4"];
    private static readonly string[] WriteEndpoints = ["N1", "P1", "P2", "P5", "S1", "S2", "S5", "S6", "T1", "T3"];

    private Ratios Loopback => Ratios.Of(throughput);

    /// <summary>
    /// API over raw SDK and over the limit endpoint in operations per second, and CPU µs per op of API and limit. The
    /// ratios against the limit are taken round by round (both rows ran in the same round, one after the other) and
    /// summarized by their median and min–max: what a target is judged on.
    /// </summary>
    private sealed record Ratios(double Read, double Write, double Upsert, Spread ReadVsLimit, Spread WriteVsLimit,
        double ApiReadCpu, double LimitReadCpu, double ApiWriteCpu, double LimitWriteCpu, Spread ReadCpuOverLimit, Spread WriteCpuOverLimit)
    {
        public static Ratios Of(IReadOnlyList<LoadResult> rows)
        {
            if (rows.Count == 0)
            {
                // The part was left out of the run (--only).
                return new Ratios(0, 0, 0, Spread.None, Spread.None, 0, 0, 0, 0, Spread.None, Spread.None);
            }

            LoadResult Find(string name) => rows.Single(r => r.Name == name);
            var (apiRead, limitRead) = (Find(ThroughputBench.Names.ApiRead), Find(ThroughputBench.Names.LimitRead));
            var (apiWrite, limitWrite) = (Find(ThroughputBench.Names.ApiWrite), Find(ThroughputBench.Names.LimitWrite));
            return new Ratios(
                Ratio(apiRead, Find(ThroughputBench.Names.RawRead)),
                Ratio(apiWrite, Find(ThroughputBench.Names.RawReadReplace)),
                Ratio(apiWrite, Find(ThroughputBench.Names.RawUpsert)),
                Spread.ByRound(apiRead, limitRead, r => r.OpsPerSecond),
                Spread.ByRound(apiWrite, limitWrite, r => r.OpsPerSecond),
                apiRead.CpuMicrosecondsPerOperation, limitRead.CpuMicrosecondsPerOperation,
                apiWrite.CpuMicrosecondsPerOperation, limitWrite.CpuMicrosecondsPerOperation,
                Spread.ByRound(apiRead, limitRead, r => r.CpuMicrosecondsPerOperation),
                Spread.ByRound(apiWrite, limitWrite, r => r.CpuMicrosecondsPerOperation));
        }

        public string Line() => string.Create(CultureInfo.InvariantCulture,
            $"API/limit (ops/s, median and min-max of {ReadVsLimit.Rounds} rounds): read {ReadVsLimit} | write {WriteVsLimit}{Environment.NewLine}" +
            $"CPU us/op API vs limit (whole run): read {ApiReadCpu:0} vs {LimitReadCpu:0}, by round {ReadCpuOverLimit}x | write {ApiWriteCpu:0} vs {LimitWriteCpu:0}, by round {WriteCpuOverLimit}x{Environment.NewLine}" +
            $"API/raw (ops/s, whole run): read {Read:0.00} | write vs read+replace {Write:0.00} | write vs single upsert {Upsert:0.00}");

        public object Json() => new
        {
            readApiOverRaw = Math.Round(Read, 3),
            writeApiOverReadReplace = Math.Round(Write, 3),
            writeApiOverUpsert = Math.Round(Upsert, 3),
            readApiOverLimit = Math.Round(ReadVsLimit.Median, 3),
            writeApiOverLimit = Math.Round(WriteVsLimit.Median, 3),
            readApiOverLimitByRound = ReadVsLimit.Json(),
            writeApiOverLimitByRound = WriteVsLimit.Json(),
            cpuReadApiOverLimitByRound = ReadCpuOverLimit.Json(),
            cpuWriteApiOverLimitByRound = WriteCpuOverLimit.Json(),
            cpuMicrosecondsPerRead = new { api = Math.Round(ApiReadCpu, 1), limit = Math.Round(LimitReadCpu, 1) },
            cpuMicrosecondsPerWrite = new { api = Math.Round(ApiWriteCpu, 1), limit = Math.Round(LimitWriteCpu, 1) },
        };

        private static double Ratio(LoadResult api, LoadResult raw) => raw.OpsPerSecond == 0 ? 0 : api.OpsPerSecond / raw.OpsPerSecond;
    }

    /// <summary>Each load's ratios by its stable JSON name: concurrent, single, cosmosAway.</summary>
    private IEnumerable<(string Load, Ratios Ratios)> AllRatios() =>
        new[] { ("concurrent", Loopback) }.Concat(moreComparisons.Select(c => (c.Key, Ratios.Of(c.Rows))));

    private static double RequestsPerOperation(LoadResult r) => r.Operations == 0 ? 0 : (double)r.Requests.Total / r.Operations;

    private IEnumerable<(string Target, bool Met, string Figure)> Targets()
    {
        foreach (var (load, r) in AllRatios().Where(ratio => ratio.Ratios.ReadVsLimit.Rounds > 0))
        {
            yield return Judged($"API/limit ops/s for reads, {load} >= 0.95", r.ReadVsLimit, atLeast: 0.95);
            yield return Judged($"API/limit ops/s for writes, {load} >= 0.95", r.WriteVsLimit, atLeast: 0.95);
        }

        // A part left out with --only measures nothing, so it meets and misses nothing: no line for it.
        var loopback = Loopback;
        if (loopback.LimitReadCpu > 0)
        {
            var (target, met, figure) = Judged("API CPU us per read within 10% of the limit's (16 workers)", loopback.ReadCpuOverLimit, atMost: 1.10, unit: "x");
            yield return (target, met, string.Create(CultureInfo.InvariantCulture,
                $"{figure}; whole run {loopback.ApiReadCpu:0} vs {loopback.LimitReadCpu:0} us"));
        }

        foreach (var extra in extraTargets)
        {
            yield return extra;
        }

        foreach (var w in sweeps)
        {
            // One conditional delete per expired session, one query page per batch of 1,000: nothing per live session.
            var bound = w.ExpiredSessions + 2 * (w.ExpiredSessions / 1000 + 2) * w.Sweeps + 4;
            yield return ($"sweep of {w.ExpiredSessions:N0} expired among {w.LiveSessions:N0} live: requests follow the expired sessions",
                w.Removed == w.ExpiredSessions && w.Requests.Total <= bound,
                $"{w.Requests.Total:N0} requests (<= {bound:N0}), {w.Milliseconds / 1000:0.0} s; an empty sweep {w.EmptySweepRequests.Total} requests");
        }

        if (costs.Count == 0)
        {
            yield break;
        }

        var reads = costs.Where(c => ReadEndpoints.Contains(c.Id)).ToList();
        yield return ("exactly 1 Cosmos request per read (P3 P4 S3 S4)",
            reads.All(c => c.Requests.Total == c.Operations),
            string.Join(" ", reads.Select(c => $"{c.Id}={F(c.PerOperation(c.Requests.Total))}")));
        var writes = costs.Where(c => WriteEndpoints.Contains(c.Id)).ToList();
        yield return ("<= 2 Cosmos requests per write (N1 P1 P2 P5 S1 S2 S5 S6 T1 T3)",
            writes.All(c => c.Requests.Total <= 2 * c.Operations),
            string.Join(" ", writes.Select(c => $"{c.Id}={F(c.PerOperation(c.Requests.Total))}")));
    }

    public string Table()
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture,
            $"ContextBench {machine.Date:yyyy-MM-dd HH:mm} UTC | {machine.ProcessorCount} cores | {machine.Os} {machine.Architecture} | {machine.Runtime} | commit {machine.GitCommit?[..Math.Min(machine.GitCommit.Length, 10)] ?? "?"}{(machine.GitDirty == true ? " (dirty)" : "")}");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"concurrency {options.Concurrency}, {options.Duration.TotalSeconds:0.#} s per measurement in {options.Rounds} interleaved rounds after {options.Warmup.TotalSeconds:0.#} s warm-up; writes use a distinct session per worker");
        s.AppendLine();
        AppendThroughput(s, "Throughput", throughput);
        s.AppendLine("(CPU and KB per op: this whole process, i.e. HTTP client + ContextServer + SDK for API rows, SDK only for raw rows; not the Cosmos server)");
        s.AppendLine(Loopback.Line());
        s.AppendLine();
        foreach (var comparison in moreComparisons)
        {
            s.AppendLine(comparison.Title);
            AppendThroughput(s, comparison.Heading, comparison.Rows);
            s.AppendLine(Ratios.Of(comparison.Rows).Line());
            s.AppendLine();
        }

        s.AppendLine(CultureInfo.InvariantCulture,
            $"Cosmos requests per API operation (server side, mean of {costs.FirstOrDefault()?.Operations} after a warm-up call)");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"{"op",-3} {"method",-6} {"path",-38} {"total",5} {"read",5} {"write",5} {"query",5} {"other",5}  note");
        foreach (var c in costs)
        {
            var statuses = string.Join("/", c.Statuses);
            var note = string.Join("; ", new[] { c.Note, c.Statuses.All(x => x is >= 200 and < 300) ? "" : $"status {statuses}" }
                .Where(x => x.Length > 0));
            s.AppendLine(CultureInfo.InvariantCulture,
                $"{c.Id,-3} {c.Method,-6} {c.Path,-38} {c.PerOperation(c.Requests.Total),5:0.##} {c.PerOperation(c.Requests.Reads),5:0.##} {c.PerOperation(c.Requests.Writes),5:0.##} {c.PerOperation(c.Requests.Queries),5:0.##} {c.PerOperation(c.Requests.Others),5:0.##}  {note}");
        }

        s.AppendLine();
        s.AppendLine("Sweep: expired sessions that Cosmos DB's TTL does not cover, among live ones (unpaced, counted Cosmos client)");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"{"live",7} {"expired",7} {"removed",7} {"sweeps",6} {"requests",8} {"read",5} {"write",7} {"query",5} {"time ms",8}   {"empty sweep: req",16} {"ms",6}");
        foreach (var w in sweeps)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"{w.LiveSessions,7} {w.ExpiredSessions,7} {w.Removed,7} {w.Sweeps,6} {w.Requests.Total,8} {w.Requests.Reads,5} {w.Requests.Writes,7} {w.Requests.Queries,5} {w.Milliseconds,8:0}   {w.EmptySweepRequests.Total,16} {w.EmptySweepMilliseconds,6:0}");
        }

        s.AppendLine();
        s.Append(extraTable);
        s.AppendLine("Targets (figures, not assertions)");
        foreach (var (target, met, figure) in Targets())
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"  [{(met ? "met" : "MISSED"),-6}] {target}: {figure}");
        }

        return s.ToString();
    }

    private static void AppendThroughput(StringBuilder s, string heading, IReadOnlyList<LoadResult> rows)
    {
        s.AppendLine(CultureInfo.InvariantCulture, $"{heading,-38} {"ops/s",7} {"p50 ms",7} {"p99 ms",7} {"Cosmos req/op",13} {"CPU us/op",9} {"KB/op",6} {"errors",6}");
        foreach (var r in rows)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"{r.Name,-38} {r.OpsPerSecond,7:0} {r.P50Ms,7:0.00} {r.P99Ms,7:0.00} {RequestsPerOperation(r),13:0.00} {r.CpuMicrosecondsPerOperation,9:0} {r.AllocatedBytesPerOperation / 1024,6:0.0} {r.Errors,6}");
        }
    }

    public string Json()
    {
        static object Counts(RequestCounts c, long operations) => new
        {
            total = c.Total,
            reads = c.Reads,
            writes = c.Writes,
            queries = c.Queries,
            others = c.Others,
            perOperation = operations == 0 ? 0 : Math.Round((double)c.Total / operations, 3),
            byOperation = c.ByOperation.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value),
        };

        object Row(LoadResult r) => new
        {
            name = r.Name,
            operations = r.Operations,
            errors = r.Errors,
            seconds = Math.Round(r.Seconds, 3),
            opsPerSecond = Math.Round(r.OpsPerSecond, 1),
            p50Ms = Math.Round(r.P50Ms, 3),
            p99Ms = Math.Round(r.P99Ms, 3),
            meanMs = Math.Round(r.MeanMs, 3),
            cpuMicrosecondsPerOperation = Math.Round(r.CpuMicrosecondsPerOperation, 1),
            allocatedBytesPerOperation = Math.Round(r.AllocatedBytesPerOperation),
            rounds = r.Rounds.Select(f => new
            {
                opsPerSecond = Math.Round(f.OpsPerSecond, 1),
                cpuMicrosecondsPerOperation = Math.Round(f.CpuMicrosecondsPerOperation, 1),
                allocatedBytesPerOperation = Math.Round(f.AllocatedBytesPerOperation),
            }),
            throughApi = r.ThroughApi,
            cosmosRequests = Counts(r.Requests, r.Operations),
        };

        var document = new
        {
            machine,
            options = new
            {
                options.Concurrency,
                durationSeconds = options.Duration.TotalSeconds,
                options.Rounds,
                warmupSeconds = options.Warmup.TotalSeconds,
                writesUseDistinctSessionPerWorker = true,
            },
            throughput = throughput.Select(Row),
            ratios = new
            {
                // Medians of the round-by-round ratios; their min, max and values are in byLoad.*ByRound.
                readVsLimit = AllRatios().ToDictionary(r => r.Load, r => Math.Round(r.Ratios.ReadVsLimit.Median, 3)),
                writeVsLimit = AllRatios().ToDictionary(r => r.Load, r => Math.Round(r.Ratios.WriteVsLimit.Median, 3)),
                cpuReadApiOverLimit = AllRatios().ToDictionary(r => r.Load, r => Math.Round(r.Ratios.ReadCpuOverLimit.Median, 3)),
                cpuWriteApiOverLimit = AllRatios().ToDictionary(r => r.Load, r => Math.Round(r.Ratios.WriteCpuOverLimit.Median, 3)),
                byLoad = AllRatios().ToDictionary(r => r.Load, r => r.Ratios.Json()),
            },
            hotSession = extraJson.GetValueOrDefault("hotSession"),
            hotSessionClientApart = extraJson.GetValueOrDefault("hotSessionClientApart"),
            functions = extraJson.GetValueOrDefault("functions"),
            moreComparisons = moreComparisons.Select(c => new
            {
                title = c.Title,
                throughput = c.Rows.Select(Row),
                ratios = Ratios.Of(c.Rows).Json(),
            }),
            requestsPerOperation = costs.Select(c => new
            {
                id = c.Id,
                method = c.Method,
                path = c.Path,
                note = c.Note,
                operations = c.Operations,
                statuses = c.Statuses,
                total = c.PerOperation(c.Requests.Total),
                reads = c.PerOperation(c.Requests.Reads),
                writes = c.PerOperation(c.Requests.Writes),
                queries = c.PerOperation(c.Requests.Queries),
                others = c.PerOperation(c.Requests.Others),
                byOperation = c.Requests.ByOperation.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .ToDictionary(p => p.Key, p => c.PerOperation(p.Value)),
            }),
            sweeper = sweeps.Select(w => new
            {
                liveSessions = w.LiveSessions,
                expiredSessions = w.ExpiredSessions,
                removed = w.Removed,
                sweeps = w.Sweeps,
                milliseconds = Math.Round(w.Milliseconds, 1),
                cosmosRequests = Counts(w.Requests, 1),
                emptySweepMilliseconds = Math.Round(w.EmptySweepMilliseconds, 1),
                emptySweepCosmosRequests = Counts(w.EmptySweepRequests, 1),
            }),
            targets = Targets().Select(t => new { target = t.Target, met = t.Met, figure = t.Figure }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        });
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// A target read off the median of the rounds, printed with their min–max and whether the whole range is on one side
    /// of it ("beyond the noise") or straddles it; with fewer than <see cref="BenchOptions.MinRoundsForTargets"/> rounds it
    /// is not judged (missed).
    /// </summary>
    public static (string Target, bool Met, string Figure) Judged(
        string target, Spread spread, double? atLeast = null, double? atMost = null, string unit = "")
    {
        bool Meets(double value) => (atLeast is null || value >= atLeast) && (atMost is null || value <= atMost);
        var side = Meets(spread.Min) && Meets(spread.Max) ? "every round meets it"
            : !Meets(spread.Min) && !Meets(spread.Max) ? "every round misses it"
            : "the rounds straddle it";
        if (spread.Rounds < BenchOptions.MinRoundsForTargets)
        {
            return (target, false, $"{spread}{unit} ({spread.Rounds} rounds: fewer than {BenchOptions.MinRoundsForTargets}, not judged)");
        }

        return (target, Meets(spread.Median), $"{spread}{unit} ({side}, {spread.Rounds} rounds)");
    }
}

/// <summary>Round-by-round values (one per round) summarized as median and min–max.</summary>
public sealed record Spread(double Median, double Min, double Max, int Rounds, IReadOnlyList<double> Values)
{
    public static Spread None { get; } = new(0, 0, 0, 0, []);

    public static Spread Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return None;
        }

        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Length, values);
    }

    /// <summary>API over limit of <paramref name="figure"/>, round by round.</summary>
    public static Spread ByRound(LoadResult api, LoadResult limit, Func<RoundFigures, double> figure) =>
        Of([.. api.Rounds.Zip(limit.Rounds, (a, l) => figure(l) == 0 ? 0 : figure(a) / figure(l))]);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Median:0.00} ({Min:0.00}-{Max:0.00})");

    public object Json() => new
    {
        median = Math.Round(Median, 3),
        min = Math.Round(Min, 3),
        max = Math.Round(Max, 3),
        rounds = Rounds,
        values = Values.Select(v => Math.Round(v, 3)),
    };
}

/// <summary>API against raw SDK in other conditions than the targets': fewer workers, Cosmos DB farther away.</summary>
/// <param name="Key">The load's stable JSON name: single, cosmosAway.</param>
public sealed record Comparison(string Key, string Title, string Heading, IReadOnlyList<LoadResult> Rows);
