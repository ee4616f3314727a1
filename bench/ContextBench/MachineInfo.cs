using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace ContextBench;

public sealed record MachineInfo(
    int ProcessorCount, string Os, string Architecture, string Runtime, bool ServerGc, DateTimeOffset Date, string? GitCommit, bool? GitDirty)
{
    public static MachineInfo Collect()
    {
        var commit = Git("rev-parse HEAD");
        var status = commit is null ? null : Git("status --porcelain --untracked-files=no");
        return new MachineInfo(
            Environment.ProcessorCount,
            RuntimeInformation.OSDescription,
            RuntimeInformation.OSArchitecture.ToString(),
            RuntimeInformation.FrameworkDescription,
            GCSettings.IsServerGC,
            DateTimeOffset.UtcNow,
            commit,
            status is null ? null : status.Length > 0);
    }

    private static string? Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = BenchOptions.RepositoryRoot(),
            });
            if (git is null)
            {
                return null;
            }

            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
