using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ContextStore.Testing;

/// <summary>
/// A local Cosmos server (tools/cosmos-local) of one test's own, for a test whose load would hold up the server that the
/// other tests share: it answers one request at a time, and a query over 100,000 documents takes a second or two.
/// Started with <c>--exit-with-stdin</c>, so it ends with the test process even when disposal never runs.
/// </summary>
public sealed partial class LocalCosmosServer : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private LocalCosmosServer(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    /// <summary>The settings of a fresh container on this server.</summary>
    public Dictionary<string, string?> FreshContainerSettings()
    {
        var settings = LocalCosmos.FreshContainerSettings();
        settings["Cosmos:Endpoint"] = Endpoint;
        settings["Cosmos:Key"] = LocalCosmos.EmulatorKey;
        return settings;
    }

    public static async Task<LocalCosmosServer> StartAsync()
    {
        var start = new ProcessStartInfo("node", [Path.Combine(RepositoryRoot(), "tools", "cosmos-local", "server.js"), "--port", "0", "--exit-with-stdin"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(StartLimit);
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(limit.Token);
            if (line is not null && ReadyLine().Match(line) is { Success: true } ready)
            {
                return new LocalCosmosServer(process, ready.Groups["endpoint"].Value);
            }

            throw new InvalidOperationException($"The local Cosmos server did not start: '{line}' {await errors}");
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Closing its standard input ends it (--exit-with-stdin); killing it is for a server that does not.
        _process.StandardInput.Close();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ContextFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ContextFunctions.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^cosmos-local listening on (?<endpoint>http://\S+)$")]
    private static partial Regex ReadyLine();
}
