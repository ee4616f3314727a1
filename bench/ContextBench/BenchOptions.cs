using System.Globalization;

namespace ContextBench;

/// <summary>
/// Command line: <c>--concurrency 16 --duration 10s --warmup 2s --rounds 5 --cosmos-latency 1ms --only throughput,hot-session --out bench/results/bench-results.json --slices slices.tsv</c>.
/// </summary>
/// <param name="CosmosLatency">Added each way between the app and Cosmos DB in the second comparison; zero skips it.</param>
/// <param name="FunctionsBuilds">Functions app builds to cold-start and load (name=directory); none skips the Functions figures.</param>
public sealed record BenchOptions(int Concurrency, TimeSpan Duration, TimeSpan Warmup, int Rounds, TimeSpan CosmosLatency, string OutputPath)
{
    /// <summary>name=directory of each Functions app build (<c>--functions-build</c>, repeatable); the first is the build as shipped.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FunctionsBuilds { get; init; } = [];

    public int ColdStarts { get; init; } = 5;

    /// <summary>
    /// The fewest rounds a target is judged on: each round gives one ratio (API over limit, interleaved in that round),
    /// and a target is read off their median, printed with the min–max of the rounds.
    /// </summary>
    public const int MinRoundsForTargets = 5;

    /// <summary>
    /// Called after each measured slice with the variant, the round and the slice's start and end as
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamps (CLOCK_MONOTONIC in ns on Linux, perf's clock with
    /// <c>-k CLOCK_MONOTONIC</c>): <c>--slices file</c> writes them out, so that a profile of the run can be cut by variant.
    /// </summary>
    public Action<string, int, long, long>? SliceLog { get; init; }

    /// <summary>The parts of the run to measure (<c>--only throughput,hot-session</c>); all of them by default.</summary>
    public IReadOnlySet<string> Parts { get; init; } = AllParts;

    public static IReadOnlySet<string> AllParts { get; } =
        new HashSet<string>(["throughput", "single", "cosmos-away", "hot-session", "costs", "sweeper", "n3", "functions"], StringComparer.Ordinal);

    public bool Runs(string part) => Parts.Contains(part);

    public const string DefaultOutput = "bench/results/bench-results.json";

    public static BenchOptions Parse(string[] args)
    {
        var concurrency = 16;
        var duration = TimeSpan.FromSeconds(10);
        var warmup = TimeSpan.FromSeconds(2);
        var rounds = 5;
        var cosmosLatency = TimeSpan.FromMilliseconds(1);
        string? output = null;
        var functionsBuilds = new List<KeyValuePair<string, string>>();
        var coldStarts = 5;
        var parts = AllParts;
        string? slices = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--concurrency":
                    concurrency = int.Parse(Value(), CultureInfo.InvariantCulture);
                    if (concurrency < 1)
                    {
                        throw new ArgumentException("--concurrency must be at least 1.");
                    }

                    break;
                case "--duration":
                    duration = ParseDuration(Value());
                    break;
                case "--warmup":
                    warmup = ParseDuration(Value());
                    break;
                case "--rounds":
                    rounds = int.Parse(Value(), CultureInfo.InvariantCulture);
                    if (rounds < 1)
                    {
                        throw new ArgumentException("--rounds must be at least 1.");
                    }

                    break;
                case "--cosmos-latency":
                    cosmosLatency = ParseDuration(Value());
                    if (cosmosLatency < TimeSpan.Zero)
                    {
                        throw new ArgumentException("--cosmos-latency must not be negative.");
                    }

                    break;
                case "--functions-build":
                    var build = Value().Split('=', 2);
                    if (build.Length != 2 || !Directory.Exists(build[1]))
                    {
                        throw new ArgumentException("--functions-build needs name=directory of a built Functions app.");
                    }

                    functionsBuilds.Add(KeyValuePair.Create(build[0], Path.GetFullPath(build[1])));
                    break;
                case "--cold-starts":
                    coldStarts = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--only":
                    var only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (only.Length == 0 || only.FirstOrDefault(part => !AllParts.Contains(part)) is { } unknown)
                    {
                        throw new ArgumentException($"--only takes a comma-separated list of: {string.Join(", ", AllParts)}.");
                    }

                    parts = new HashSet<string>(only, StringComparer.Ordinal);
                    break;
                case "--out":
                    output = Value();
                    break;
                case "--slices":
                    slices = Path.GetFullPath(Value());
                    File.WriteAllText(slices, "variant\tround\tstartNs\tendNs\n");
                    break;
                case "-h" or "--help":
                    throw new ArgumentException("usage: scripts/bench.sh [--concurrency 16] [--duration 10s] [--warmup 2s] [--rounds 5] [--cosmos-latency 1ms] [--functions-build name=dir]... [--cold-starts 5] [--only throughput,single,cosmos-away,hot-session,costs,sweeper,n3,functions] [--out file.json] [--slices file.tsv]");
                default:
                    throw new ArgumentException($"Unknown option {name}. Options: --concurrency, --duration, --warmup, --rounds, --cosmos-latency, --functions-build, --cold-starts, --only, --out, --slices.");
            }
        }

        return new BenchOptions(concurrency, duration, warmup, rounds, cosmosLatency, output ?? Path.Combine(RepositoryRoot(), DefaultOutput))
        {
            FunctionsBuilds = functionsBuilds,
            ColdStarts = coldStarts,
            Parts = parts,
            SliceLog = slices is null ? null : (variant, round, start, end) =>
                File.AppendAllText(slices, string.Create(CultureInfo.InvariantCulture,
                    $"{variant}\t{round}\t{ToNanoseconds(start)}\t{ToNanoseconds(end)}\n")),
        };
    }

    private static long ToNanoseconds(long timestamp) =>
        (long)(timestamp * (1_000_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    /// <summary>"10s", "500ms", "1m", or a number of seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim();
        double Number(int suffix) => double.Parse(t[..^suffix], NumberStyles.Float, CultureInfo.InvariantCulture);
        return t.EndsWith("ms", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(Number(2))
            : t.EndsWith('s') ? TimeSpan.FromSeconds(Number(1))
            : t.EndsWith('m') ? TimeSpan.FromMinutes(Number(1))
            : TimeSpan.FromSeconds(double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>The directory holding ContextFunctions.sln above the current one, else the current one.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ContextFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
