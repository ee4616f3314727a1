using ContextAdmin.CommandLine;

namespace ContextAdmin.Azd;

/// <summary>
/// Makes sure the first LivePerson account has an API key in the vault, create-only (the key command's
/// <c>--if-absent</c>), so that no <c>azd up</c>, from any machine, ever rotates a key. It never fails the deployment:
/// a refusal (the deploying user's new Key Vault role can take minutes to apply) is retried for up to
/// <see cref="RetryBudget"/> with a countdown; after that, or when the arguments are refused, it prints the command to
/// run later and succeeds, so <c>azd up</c> goes on to deploy the app.
/// </summary>
/// <param name="runKeyCommand">Runs the tool's key command line (in this process) and returns its exit code.</param>
public sealed class FirstApiKey(
    Func<IReadOnlyList<string>, CancellationToken, Task<int>> runKeyCommand,
    TimeProvider time,
    TextWriter output,
    TextWriter error)
{
    public TimeSpan RetryBudget { get; init; } = TimeSpan.FromSeconds(600);

    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What to run later; the same command as before the hooks moved into this tool.</summary>
    public static string LaterCommand(string vaultUri, string account) =>
        $"dotnet run --project src/ContextAdmin -- --vault {vaultUri} --account {account} --if-absent";

    public async Task RunAsync(string vaultUri, string account, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var budget = WholeSeconds(RetryBudget);
        var interval = Math.Max(1, WholeSeconds(RetryInterval));
        for (var attempt = 1; ; attempt++)
        {
            var exitCode = await RunOnceAsync(vaultUri, account, cancellationToken).ConfigureAwait(false);
            if (exitCode == ExitCodes.Succeeded)
            {
                return;
            }

            // Bad arguments (e.g. an invalid account id), which no retry mends.
            if (exitCode == ExitCodes.BadArguments)
            {
                await GiveUpAsync(vaultUri, account, "ContextAdmin refused the arguments (is CONTEXT_FIRST_ACCOUNT a valid account id?)").ConfigureAwait(false);
                return;
            }

            var left = budget - WholeSeconds(time.GetElapsedTime(started));
            if (left <= 0)
            {
                await GiveUpAsync(vaultUri, account, $"Key Vault still refused after {attempt} attempts over {MinutesSeconds(budget)}").ConfigureAwait(false);
                return;
            }

            var pause = Math.Min(interval, left);
            await output.WriteLineAsync(
                $"postprovision: attempt {attempt} failed (a new Key Vault role can take minutes to apply); retrying in {pause} s, giving up in {MinutesSeconds(left)}").ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(pause), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<int> RunOnceAsync(string vaultUri, string account, CancellationToken cancellationToken)
    {
        try
        {
            return await runKeyCommand(["--vault", vaultUri, "--account", account, "--if-absent"], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong counts as one failed attempt, as a crashed child process did for the shell hook.
            await error.WriteLineAsync($"error: the key was not stored: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    private async Task GiveUpAsync(string vaultUri, string account, string reason)
    {
        await error.WriteLineAsync($"postprovision: WARNING: the API key of account {account} was not created: {reason}").ConfigureAwait(false);
        await error.WriteLineAsync("  The resources are provisioned and azd goes on to deploy the app. Create the key later with:").ConfigureAwait(false);
        await error.WriteLineAsync($"    {LaterCommand(vaultUri, account)}").ConfigureAwait(false);
        await error.WriteLineAsync("  (or: azd hooks run postprovision). Either leaves an existing key alone.").ConfigureAwait(false);
    }

    private static long WholeSeconds(TimeSpan span) => (long)span.TotalSeconds;

    private static string MinutesSeconds(long seconds) => $"{seconds / 60} min {seconds % 60} s";
}
