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

    /// <summary>API over raw SDK and over the limit endpoint in operations per second, and CPU µs per op of API and limit.</summary>
    private sealed record Ratios(double Read, double Write, double Upsert, double ReadVsLimit, double WriteVsLimit,
        double ApiReadCpu, double LimitReadCpu, double ApiWriteCpu, double LimitWriteCpu)
    {
        public static Ratios Of(IReadOnlyList<LoadResult> rows)
        {
            if (rows.Count == 0)
            {
                // The part was left out of the run (--only).
                return new Ratios(0, 0, 0, 0, 0, 0, 0, 0, 0);
            }

            LoadResult Find(string name) => rows.Single(r => r.Name == name);
            var (apiRead, limitRead) = (Find(ThroughputBench.Names.ApiRead), Find(ThroughputBench.Names.LimitRead));
            var (apiWrite, limitWrite) = (Find(ThroughputBench.Names.ApiWrite), Find(ThroughputBench.Names.LimitWrite));
            return new Ratios(
                Ratio(apiRead, Find(ThroughputBench.Names.RawRead)),
                Ratio(apiWrite, Find(ThroughputBench.Names.RawReadReplace)),
                Ratio(apiWrite, Find(ThroughputBench.Names.RawUpsert)),
                Ratio(apiRead, limitRead),
                Ratio(apiWrite, limitWrite),
                apiRead.CpuMicrosecondsPerOperation, limitRead.CpuMicrosecondsPerOperation,
                apiWrite.CpuMicrosecondsPerOperation, limitWrite.CpuMicrosecondsPerOperation);
        }

        public double ReadCpuOverLimit => LimitReadCpu == 0 ? 0 : ApiReadCpu / LimitReadCpu;

        public double WriteCpuOverLimit => LimitWriteCpu == 0 ? 0 : ApiWriteCpu / LimitWriteCpu;

        public string Line() => string.Create(CultureInfo.InvariantCulture,
            $"API/limit (ops/s): read {ReadVsLimit:0.00} | write {WriteVsLimit:0.00}   CPU us/op API vs limit: read {ApiReadCpu:0} vs {LimitReadCpu:0} ({ReadCpuOverLimit:0.00}x) | write {ApiWriteCpu:0} vs {LimitWriteCpu:0} ({WriteCpuOverLimit:0.00}x){Environment.NewLine}" +
            $"API/raw (ops/s): read {Read:0.00} | write vs read+replace {Write:0.00} | write vs single upsert {Upsert:0.00}");

        public object Json() => new
        {
            readApiOverRaw = Math.Round(Read, 3),
            writeApiOverReadReplace = Math.Round(Write, 3),
            writeApiOverUpsert = Math.Round(Upsert, 3),
            readApiOverLimit = Math.Round(ReadVsLimit, 3),
            writeApiOverLimit = Math.Round(WriteVsLimit, 3),
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
        foreach (var (load, r) in AllRatios().Where(ratio => ratio.Ratios.ReadVsLimit > 0 || ratio.Ratios.WriteVsLimit > 0))
        {
            yield return ($"API/limit ops/s for reads, {load} >= 0.95", r.ReadVsLimit >= 0.95, F(r.ReadVsLimit));
            yield return ($"API/limit ops/s for writes, {load} >= 0.95", r.WriteVsLimit >= 0.95, F(r.WriteVsLimit));
        }

        // A part left out with --only measures nothing, so it meets and misses nothing: no line for it.
        var loopback = Loopback;
        if (loopback.LimitReadCpu > 0)
        {
            yield return ("API CPU us per read within 10% of the limit's (16 workers)", loopback.ReadCpuOverLimit <= 1.10,
                $"{loopback.ApiReadCpu:0} vs {loopback.LimitReadCpu:0} us ({loopback.ReadCpuOverLimit:0.00}x)");
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
                readVsLimit = AllRatios().ToDictionary(r => r.Load, r => Math.Round(r.Ratios.ReadVsLimit, 3)),
                writeVsLimit = AllRatios().ToDictionary(r => r.Load, r => Math.Round(r.Ratios.WriteVsLimit, 3)),
                cpuReadApiOverLimit = AllRatios().ToDictionary(r => r.Load, r => Math.Round(r.Ratios.ReadCpuOverLimit, 3)),
                cpuWriteApiOverLimit = AllRatios().ToDictionary(r => r.Load, r => Math.Round(r.Ratios.WriteCpuOverLimit, 3)),
                byLoad = AllRatios().ToDictionary(r => r.Load, r => r.Ratios.Json()),
            },
            hotSession = extraJson.GetValueOrDefault("hotSession"),
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
}

/// <summary>API against raw SDK in other conditions than the targets': fewer workers, Cosmos DB farther away.</summary>
/// <param name="Key">The load's stable JSON name: single, cosmosAway.</param>
public sealed record Comparison(string Key, string Title, string Heading, IReadOnlyList<LoadResult> Rows);
