using ContextStore.Testing.Documents;
using System.Diagnostics;
using ContextAdmin.CommandLine;
using ContextAdmin.IntegrationTests.TestHosts;

namespace ContextAdmin.IntegrationTests.CommandLine;

/// <summary>
/// The tool as a process, interrupted with SIGINT (Ctrl-C) while it waits on a source, again and again while it
/// ends: it exits 130 and says so, never with a crash.
/// </summary>
public sealed class InterruptTests : ScriptedTransfer
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RepeatedInterruptsEndTheRunWithExitCode130()
    {
        Source.Misbehave = async (context, _) =>
        {
            await Task.Delay(Limit, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        };
        // The tool's own build output: its dependencies beside it, as dotnet run or an installed tool has them.
        var start = new ProcessStartInfo(RepositoryFiles.PathOf("src", "ContextAdmin", "bin", Configuration, "net10.0", "ContextAdmin"),
            ["copy", "--from", Source.Url.ToString(), "--from-key", ScriptedEndpoint.Key, "--to", Target.Url.ToString(), "--to-key", ScriptedEndpoint.Key,
             "--account", ScriptedEndpoint.Account, "--failures", FailuresFile])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var tool = Process.Start(start)!;
        var error = tool.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        while (Source.Requests.IsEmpty && !tool.HasExited)
        {
            await Task.Delay(50, limit.Token);
        }

        while (!tool.HasExited)
        {
            using var kill = Process.Start("kill", ["-INT", tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync(limit.Token);
            await Task.Delay(10, limit.Token);
        }

        await tool.WaitForExitAsync(limit.Token);
        var stderr = await error;
        Assert.True(tool.ExitCode == ExitCodes.Interrupted, $"exit code {tool.ExitCode}: {stderr}");
        Assert.Contains("interrupted; nothing was written.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }
}
