using ContextBench;

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

var throughput = await new ThroughputBench(host, options, Progress).RunAsync();
var costs = await new EndpointCosts(host, Progress).RunAsync();
var sweeps = await new SweeperBench(host, Progress).RunAsync(1_000, 20_000);

var report = new Report(machine, options, throughput, costs, sweeps);
Console.WriteLine();
Console.Write(report.Table());
var path = Path.GetFullPath(options.OutputPath);
Directory.CreateDirectory(Path.GetDirectoryName(path)!);
await File.WriteAllTextAsync(path, report.Json());
Console.WriteLine($"JSON: {path}");
return 0;
