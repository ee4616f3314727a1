using System.Diagnostics;
using System.Runtime.Versioning;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// The rollout's step that selects a region's azd values reads the sweep schedule's old variable name
/// CONTEXT_CLEANUP_SCHEDULE when CONTEXT_SWEEP_SCHEDULE is not set, with a warning. It does so itself because
/// <c>azd provision --preview</c>, the next step, runs no hooks. The step's script runs here with a fake azd.
/// </summary>
public sealed partial class RolloutWorkflowTests
{
    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task ARegionWithOnlyTheOldSweepScheduleVariableGetsItsValueUnderTheNewNameWithAWarning()
    {
        var (azdCalls, output) = await RunSelectStepAsync(("CONTEXT_CLEANUP_SCHEDULE", "0 0 * * * *"));

        Assert.Contains("env set CONTEXT_SWEEP_SCHEDULE 0 0 * * * *", azdCalls);
        Assert.DoesNotContain(azdCalls, call => call.StartsWith("env set CONTEXT_CLEANUP_SCHEDULE", StringComparison.Ordinal));
        Assert.Contains("::warning::The variable CONTEXT_CLEANUP_SCHEDULE of environment context-emea is the old name of CONTEXT_SWEEP_SCHEDULE", output, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task WithBothSweepScheduleVariablesTheNewOneWins()
    {
        var (azdCalls, output) = await RunSelectStepAsync(("CONTEXT_SWEEP_SCHEDULE", "0 */10 * * * *"), ("CONTEXT_CLEANUP_SCHEDULE", "0 0 * * * *"));

        Assert.Equal(["env set CONTEXT_SWEEP_SCHEDULE 0 */10 * * * *"], azdCalls.Where(c => c.Contains("SCHEDULE", StringComparison.Ordinal)));
        Assert.DoesNotContain("::warning::", output, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task TheNewSweepScheduleVariableAloneIsForwardedWithoutAWarning()
    {
        var (azdCalls, output) = await RunSelectStepAsync(("CONTEXT_SWEEP_SCHEDULE", "0 */10 * * * *"));

        Assert.Contains("env set CONTEXT_SWEEP_SCHEDULE 0 */10 * * * *", azdCalls);
        Assert.DoesNotContain("::warning::", output, StringComparison.Ordinal);
    }

    [UnsupportedOSPlatform("windows")]
    private static async Task<(List<string> AzdCalls, string Output)> RunSelectStepAsync(params (string Name, string Value)[] variables)
    {
        var job = Jobs(RegionWorkflow.Value).Single().Value;
        var script = Text(Steps(job).Single(s => Text(s["run"]).Contains("azd env new", StringComparison.Ordinal))["run"]);
        var folder = Directory.CreateTempSubdirectory("select-step-").FullName;
        try
        {
            var calls = Path.Combine(folder, "azd-calls.log");
            var azd = Path.Combine(folder, "azd");
            File.WriteAllText(azd, "#!/bin/sh\necho \"$*\" >> \"$FAKE_AZD_CALLS\"\n");
            File.SetUnixFileMode(azd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var start = new ProcessStartInfo("sh", ["-e", "-c", script])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["PATH"] = folder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            start.Environment["FAKE_AZD_CALLS"] = calls;
            // The job's env: every variable it maps is set, empty when the GitHub environment lacks it.
            foreach (var (name, _) in job["env"]!.AsObject())
            {
                start.Environment[name] = "";
            }

            start.Environment["AZURE_ENV_NAME"] = "context-emea";
            foreach (var (name, value) in variables)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await error);
            return (File.ReadAllLines(calls).ToList(), await output + await error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
