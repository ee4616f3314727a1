using System.Diagnostics;
using System.Runtime.InteropServices;
using ContextAdmin.CommandLine;
using ContextAdmin.IntegrationTests.TestHosts;
using ContextStore.Testing.Documents;

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

    private const int SigInt = 2;

    /// <summary>Only a bound on a run that hangs: every wait below ends on an event (a request, the exit), not on time.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task RepeatedInterruptsEndTheRunWithExitCode130()
    {
        var waitingOnSource = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Source.Misbehave = async (context, _) =>
        {
            waitingOnSource.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
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
        using var limit = new CancellationTokenSource(Limit);
        var error = tool.StandardError.ReadToEndAsync(limit.Token);
        var output = tool.StandardOutput.ReadToEndAsync(limit.Token);
        var exited = tool.WaitForExitAsync(limit.Token);

        // The tool has started, handles Ctrl-C, and waits on the source's answer.
        await Task.WhenAny(waitingOnSource.Task, exited).WaitAsync(limit.Token);
        if (tool.HasExited)
        {
            Assert.Fail($"the tool ended before it asked the source: exit code {tool.ExitCode}: {await error}");
        }

        // SIGINT without a pause until the process is gone: also while it ends and after its handler is removed.
        while (!exited.IsCompleted)
        {
            if (Kill(tool.Id, SigInt) != 0 && !tool.HasExited)
            {
                Assert.Fail($"kill(2) failed: errno {Marshal.GetLastPInvokeError()}");
            }

            await Task.WhenAny(exited, Task.Delay(10, limit.Token));
        }

        await exited;
        var stderr = await error;
        await output;
        Assert.True(tool.ExitCode == ExitCodes.Interrupted, $"exit code {tool.ExitCode}: {stderr}");
        Assert.Contains("interrupted; nothing was written.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    /// <summary>kill(2): sending a signal needs no process of its own (starting `kill` for each is slow on a busy machine).</summary>
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
