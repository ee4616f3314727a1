using ContextBench;
using ContextStore.Testing;

if (args is [BurstClient.Flag])
{
    return await BurstClient.RunAsync(Console.In, Console.Out);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static void Progress(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

var machine = MachineInfo.Collect();
Progress($"ContextBench: {machine.ProcessorCount} cores, {machine.Os}, {machine.Runtime}; concurrency {options.Concurrency}, " +
         $"{options.Duration.TotalSeconds:0.#} s per measurement after {options.Warmup.TotalSeconds:0.#} s warm-up");

await using var host = await BenchHost.StartAsync(options.Concurrency);
Progress($"ContextServer on {host.Http.BaseAddress}, Cosmos DB at {host.Options.Endpoint}, container {host.Options.Container}");

// --only leaves parts out; a part left out prints and writes no figures (its targets read as missed).
IReadOnlyList<LoadResult> throughput = options.Runs("throughput") ? await new ThroughputBench(host, options, Progress).RunAsync() : [];
var comparisons = new List<Comparison>();
if (options.Runs("single"))
{
    // One worker: what the API adds to each request's latency when the machine is not saturated.
    comparisons.Add(new("single", "The same with one worker: the latency the API adds when the machine is not saturated",
        "Throughput, 1 worker", await new ThroughputBench(host, options with { Concurrency = 1 }, Progress).RunAsync(includeHttpOnly: false)));
}

if (options.CosmosLatency > TimeSpan.Zero && options.Runs("cosmos-away"))
{
    // Cosmos DB across a network, as in an Azure region: the server and the raw client both go through the proxy.
    var away = $"{options.CosmosLatency.TotalMilliseconds:0.##} ms";
    await using var proxy = new ToggleableTcpProxy(new Uri(host.Options.Endpoint), options.CosmosLatency);
    await using var distantHost = await BenchHost.StartAsync(options.Concurrency, proxy.Endpoint);
    Progress($"the same with {away} added each way to Cosmos DB (a delaying proxy at {proxy.Endpoint})");
    comparisons.Add(new("cosmosAway", $"The same with {away} added each way between the app and Cosmos DB (a delaying proxy: Cosmos DB across a network)",
        $"Throughput, Cosmos DB {away} away", await new ThroughputBench(distantHost, options, Progress).RunAsync(includeHttpOnly: false)));
}

var hotSessions = options.Runs("hot-session") ? await new HotSessionBench(host, Progress).RunAsync() : [];
IReadOnlyList<EndpointCost> costs = options.Runs("costs") ? await new EndpointCosts(host, Progress).RunAsync() : [];
IReadOnlyList<SweepResult> sweeps = options.Runs("sweeper") ? await new SweeperBench(host, Progress).RunAsync(10_000, 100_000) : [];
var namespaceDeletion = options.Runs("n3") ? await new NamespaceDeletionBench(host, Progress).RunAsync(100_000) : null;

List<(string Target, bool Met, string Figure)> extraTargets = [];
var extraJson = new Dictionary<string, object>();
var extraTable = "";
foreach (var hotSession in hotSessions)
{
    var from = $"hot session, burst from {hotSession.Client}";
    extraTargets.AddRange(
    [
        ($"{from}: all 204, nothing lost", hotSession.NoContent == hotSession.Bursts * hotSession.Writers && hotSession.Lost == 0,
            $"{hotSession.NoContent}/{hotSession.Bursts * hotSession.Writers} 204, {hotSession.Lost} lost"),
        ($"{from}: PATCH p99 <= 2 s", hotSession.P99Ms <= 2000, $"{hotSession.P99Ms:0} ms"),
        Report.Judged($"{from}: another account's GET p50 within 2x of idle (median of {hotSession.Bursts} bursts)",
            hotSession.OtherReadRatios, atMost: 2, unit: "x"),
    ]);
    // "hotSession" keeps its meaning (the burst from this process); the burst from a process of its own is beside it.
    extraJson[hotSession.Client == HotSessionBench.ClientInProcess ? "hotSession" : "hotSessionClientApart"] = hotSession.Json();
    extraTable += hotSession.Table();
}

if (namespaceDeletion is not null)
{
    extraTargets.AddRange(
    [
        ($"N3 answers within a few seconds at {namespaceDeletion.Sessions:N0} sessions (<= 5 s)", namespaceDeletion.AnswerMilliseconds <= 5000,
            $"{namespaceDeletion.AnswerMilliseconds:0} ms, {namespaceDeletion.AnswerRequests.Total} Cosmos requests"),
        ("nothing of a deleted namespace is listed or read right after N3", namespaceDeletion.SessionsListedAfter == 0,
            $"{namespaceDeletion.SessionsListedAfter} listed"),
    ]);
    extraJson["namespaceDeletion"] = namespaceDeletion.Json();
    extraTable += namespaceDeletion.Table();
}

if (options.FunctionsBuilds.Count > 0 && options.Runs("functions"))
{
    // The Functions app: cold starts of each build as shipped and with start-up options, then load through the fastest.
    var functionsBench = new FunctionsBench(host, options, Progress);
    List<FunctionsBuild> builds = [];
    foreach (var (name, directory) in options.FunctionsBuilds)
    {
        builds.Add(new(name, directory, new Dictionary<string, string?>()));
    }

    var shipped = builds[0];
    builds.Insert(1, new($"{shipped.Name}, creating the container at start", shipped.Directory,
        new Dictionary<string, string?> { ["Cosmos:CreateIfNotExists"] = "true" }));
    foreach (var build in builds.Skip(2).ToList())
    {
        builds.Add(new($"{build.Name}, TieredPGO off", build.Directory, new Dictionary<string, string?> { ["DOTNET_TieredPGO"] = "0" }));
        builds.Add(new($"{build.Name}, no Cosmos DB warm-up at start", build.Directory,
            new Dictionary<string, string?> { ["Cosmos:WarmUpAtStart"] = "false" }));
        builds.Add(new($"{build.Name}, invariant globalization", build.Directory,
            new Dictionary<string, string?> { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1" }));
        builds.Add(new($"{build.Name}, non-concurrent GC", build.Directory, new Dictionary<string, string?> { ["DOTNET_gcConcurrent"] = "0" }));
        builds.Add(new($"{build.Name}, all three: TieredPGO off, invariant globalization, non-concurrent GC", build.Directory,
            new Dictionary<string, string?>
            {
                ["DOTNET_TieredPGO"] = "0",
                ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
                ["DOTNET_gcConcurrent"] = "0",
            }));
    }

    var coldStarts = await functionsBench.ColdStartsAsync(builds, options.ColdStarts);
    var fastest = builds.First(b => b.Name == coldStarts.MinBy(c => c.MedianMs)!.Name);
    var load = await functionsBench.LoadAsync(fastest);
    extraJson["functions"] = FunctionsBench.Json(coldStarts, load);
    extraTable += FunctionsBench.Table(coldStarts, load);
    var shippedMs = coldStarts[0].MedianMs;
    var fastestMs = coldStarts.Min(c => c.MedianMs);
    extraTargets.Add(("Functions cold start to first 200 at most half of the build as shipped before this work (2.0 s)", fastestMs <= 1000,
        $"{fastestMs:0} ms ({fastest.Name}); {builds[0].Name} {shippedMs:0} ms"));
    extraTargets.Add(("Functions worker RSS peak x2 fits the Flex instance memory (infra/)", load.RssPeakMb * 2 <= FlexInstanceMemoryMb,
        $"peak {load.RssPeakMb:0} MB x2 = {load.RssPeakMb * 2:0} MB vs {FlexInstanceMemoryMb} MB"));
}


var report = new Report(machine, options, throughput, comparisons, costs, sweeps, extraTargets, extraJson, extraTable);
Console.WriteLine();
Console.Write(report.Table());
var path = Path.GetFullPath(options.OutputPath);
Directory.CreateDirectory(Path.GetDirectoryName(path)!);
await File.WriteAllTextAsync(path, report.Json());
Console.WriteLine($"JSON: {path}");
return 0;

public partial class Program
{
    /// <summary>The default of instanceMemoryMB in infra/modules/function-app.bicep: what each Flex Consumption instance gets.</summary>
    public static int FlexInstanceMemoryMb { get; } = int.Parse(
        System.Text.RegularExpressions.Regex.Match(
            File.ReadAllText(Path.Combine(BenchOptions.RepositoryRoot(), "infra", "modules", "function-app.bicep")),
            @"param instanceMemoryMB int = (\d+)").Groups[1].Value,
        System.Globalization.CultureInfo.InvariantCulture);
}
