using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace ContextBench;

/// <summary>The parent's side of <see cref="BurstClient"/>: starts this program again as the burst client and asks it for bursts.</summary>
public sealed class BurstClientProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BurstClientProcess(Process process) => _process = process;

    public static BurstClientProcess Start()
    {
        var program = Environment.ProcessPath ?? throw new InvalidOperationException("The bench's own executable is not known.");
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Run as "dotnet ContextBench.dll" or as the apphost: either way the same program, in burst-client mode.
        if (Path.GetFileNameWithoutExtension(program) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BurstClient).Assembly.Location);
        }

        start.ArgumentList.Add(BurstClient.Flag);
        return new BurstClientProcess(Process.Start(start) ?? throw new InvalidOperationException("The burst client did not start."));
    }

    public async Task<(HttpStatusCode StatusCode, double TotalMilliseconds)[]> BurstAsync(Uri session, string apiKey, int writers)
    {
        await _process.StandardInput.WriteLineAsync($"burst {writers.ToString(CultureInfo.InvariantCulture)} {apiKey} {session.AbsoluteUri}");
        await _process.StandardInput.FlushAsync();
        var answers = new List<(HttpStatusCode, double)>(writers);
        while (await _process.StandardOutput.ReadLineAsync() is { } line && line != "done")
        {
            var parts = line.Split(' ');
            answers.Add(((HttpStatusCode)int.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture)));
        }

        return answers.Count == writers
            ? [.. answers]
            : throw new InvalidOperationException($"The burst client answered {answers.Count} of {writers} PATCHes (exit code {(_process.HasExited ? _process.ExitCode : null)}).");
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
