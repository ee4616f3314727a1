using ContextStore.Testing.Documents;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContextServer.EndToEndTests;

namespace ContextAdmin.IntegrationTests;

/// <summary>
/// Runs hooks/postprovision.sh (a copy, in a scratch repository, so the real local.settings.json is never touched)
/// with fake <c>azd</c> and <c>dotnet</c> first on PATH. The fake dotnet keeps ContextAdmin' contract, which
/// KeyCommandTests (tests/ContextAdmin.UnitTests) proves against a Moq'd vault: it stores each new key as one more line (version) of the
/// account's secret file, and with --if-absent it leaves an existing secret alone.
/// </summary>
[UnsupportedOSPlatform("windows")] // A POSIX hook; hooks/postprovision.ps1 is the Windows one.
public sealed class PostprovisionHookTests : IDisposable
{
    private const string VaultUri = "https://kv-test.vault.azure.net/";
    private const string LaterCommand = $"dotnet run --project src/ContextAdmin -- --vault {VaultUri} --account le12345678 --if-absent";

    private readonly string _root = Directory.CreateTempSubdirectory("postprovision-").FullName;
    private string Repository => Path.Combine(_root, "repo");
    private string FakeBin => Path.Combine(_root, "bin");
    private string Vault => Path.Combine(_root, "vault");
    private string Calls => Path.Combine(_root, "dotnet-calls.log");
    private string Secret => Path.Combine(Vault, "context-api-key-le12345678");

    public PostprovisionHookTests()
    {
        Directory.CreateDirectory(Path.Combine(Repository, "hooks"));
        Directory.CreateDirectory(FakeBin);
        Directory.CreateDirectory(Vault);
        File.Copy(RepositoryFiles.PathOf("hooks", "postprovision.sh"), Path.Combine(Repository, "hooks", "postprovision.sh"));
        WriteScript("azd", """
            #!/bin/sh
            # azd env get-values prints the environment file; azd env set appends to it.
            case "$1 $2" in
                "env get-values") cat "$FAKE_AZD_ENV" ;;
                "env set") printf '%s="%s"\n' "$3" "$4" >> "$FAKE_AZD_ENV" ;;
                *) echo "fake azd: unexpected $*" >&2; exit 99 ;;
            esac
            """);
        WriteScript("dotnet", """
            #!/bin/sh
            echo "$*" >> "$FAKE_DOTNET_CALLS"
            case "$1" in
                build) exit "${FAKE_BUILD_STATUS:-0}" ;;
                run) ;;
                *) echo "fake dotnet: unexpected $*" >&2; exit 99 ;;
            esac
            account=; if_absent=no
            while [ $# -gt 0 ]; do
                case "$1" in
                    --account) account=$2; shift ;;
                    --if-absent) if_absent=yes ;;
                esac
                shift
            done
            if [ -n "${FAKE_VAULT_STATUS:-}" ]; then
                echo "error: the key was not stored: Key Vault answered 403 Forbidden" >&2
                exit "$FAKE_VAULT_STATUS"
            fi
            secret="$FAKE_VAULT/context-api-key-$account"
            if [ "$if_absent" = yes ] && [ -s "$secret" ]; then
                echo "Left the existing key alone: secret context-api-key-$account has an enabled version" >&2
                exit 0
            fi
            key=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
            echo "$key" >> "$secret"
            echo "Created the key" >&2
            echo "$key"
            """);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task TheFirstRunCreatesTheAccountsKeyCreateOnly()
    {
        var run = await RunHookAsync(FreshAzdEnvironment());

        Assert.Equal(0, run.ExitCode);
        var versions = File.ReadAllLines(Secret);
        Assert.Single(versions);
        Assert.Contains(versions[0], run.Output, StringComparison.Ordinal);
        Assert.Contains($"run --no-build --project src/ContextAdmin -- --vault {VaultUri} --account le12345678 --if-absent", File.ReadAllText(Calls), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondRunFromAnotherMachineWritesNothingToAnAccountWhoseSecretExists()
    {
        Assert.Equal(0, (await RunHookAsync(FreshAzdEnvironment())).ExitCode);
        var liveKey = File.ReadAllText(Secret);

        // Another machine, a fresh checkout or a CI runner: a new azd environment file and no local.settings.json.
        File.Delete(Path.Combine(Repository, "local.settings.json"));
        var second = await RunHookAsync(FreshAzdEnvironment());

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(liveKey, File.ReadAllText(Secret));
        Assert.Contains("Left the existing key alone", second.Output, StringComparison.Ordinal);
        Assert.All(File.ReadAllLines(Calls).Where(c => c.StartsWith("run", StringComparison.Ordinal)),
            call => Assert.EndsWith("--if-absent", call, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWriteThatKeepsFailingIsRetriedWithACountdownThenTheHookPrintsTheCommandForLaterAndSucceeds()
    {
        var stopwatch = Stopwatch.StartNew();
        var run = await RunHookAsync(FreshAzdEnvironment(), ("FAKE_VAULT_STATUS", "1"),
            ("CONTEXT_KEY_RETRY_SECONDS", "3"), ("CONTEXT_KEY_RETRY_INTERVAL_SECONDS", "1"));

        Assert.Equal(0, run.ExitCode);
        // The retry budget is wall-clock time: on a busy machine one attempt can take longer than the 1 s pause, so
        // the test checks the countdown's shape (a pause of at most 1 s, time left shrinking) rather than its exact steps.
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60));
        var attempts = File.ReadAllLines(Calls).Count(c => c.StartsWith("run ", StringComparison.Ordinal));
        Assert.InRange(attempts, 2, 5);
        var countdown = Regex.Matches(run.Output, @"retrying in (\d+) s, giving up in 0 min (\d+) s")
            .Select(m => (Pause: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Left: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(attempts - 1, countdown.Count);
        Assert.All(countdown, step => Assert.InRange(step.Pause, 1, Math.Min(1, step.Left)));
        Assert.InRange(countdown[0].Left, 1, 3);
        Assert.Equal(countdown.Select(step => step.Left).OrderByDescending(left => left).Distinct(), countdown.Select(step => step.Left));
        Assert.Contains(LaterCommand, run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Secret));
    }

    [Fact]
    public async Task BadArgumentsAreNotRetriedAndTheHookStillSucceedsWithTheCommandForLater()
    {
        var run = await RunHookAsync(FreshAzdEnvironment(), ("FAKE_VAULT_STATUS", "2"),
            ("CONTEXT_KEY_RETRY_SECONDS", "30"), ("CONTEXT_KEY_RETRY_INTERVAL_SECONDS", "10"));

        Assert.Equal(0, run.ExitCode);
        Assert.Single(File.ReadAllLines(Calls), c => c.StartsWith("run ", StringComparison.Ordinal));
        Assert.Contains(LaterCommand, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyToolThatDoesNotBuildDoesNotStopTheDeployment()
    {
        var run = await RunHookAsync(FreshAzdEnvironment(), ("FAKE_BUILD_STATUS", "1"));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(File.ReadAllLines(Calls), c => c.StartsWith("run ", StringComparison.Ordinal));
        Assert.Contains(LaterCommand, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAFirstAccountTheHookWritesTheLocalSettingsAndNoKey()
    {
        var run = await RunHookAsync(FreshAzdEnvironment(firstAccount: null));

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(Calls));
        Assert.Contains(VaultUri, File.ReadAllText(Path.Combine(Repository, "local.settings.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAzdSweepScheduleBecomesTheSweeperScheduleAppSettingOfTheLocalRun()
    {
        var run = await RunHookAsync(FreshAzdEnvironment(firstAccount: null, cleanupSchedule: "0 0 * * * *"));

        Assert.Equal(0, run.ExitCode);
        var values = LocalSettingsValues();
        Assert.Equal("0 0 * * * *", values.GetProperty("Sweeper__Schedule").GetString());
        Assert.False(values.TryGetProperty("CleanupSchedule", out _));
    }

    [Fact]
    public async Task ADevelopersScheduleUnderTheOldNameCleanupScheduleIsKeptAsSweeperSchedule()
    {
        File.WriteAllText(Path.Combine(Repository, "local.settings.json"),
            """{"IsEncrypted":false,"Values":{"CleanupSchedule":"0 */10 * * * *","ApiKeys__le12345678":"dev-key"}}""");

        var run = await RunHookAsync(FreshAzdEnvironment(firstAccount: null));

        Assert.Equal(0, run.ExitCode);
        var values = LocalSettingsValues();
        Assert.Equal("0 */10 * * * *", values.GetProperty("Sweeper__Schedule").GetString());
        Assert.False(values.TryGetProperty("CleanupSchedule", out _), "the hook left CleanupSchedule, which the app no longer reads");
        Assert.Equal("dev-key", values.GetProperty("ApiKeys__le12345678").GetString());
    }

    private JsonElement LocalSettingsValues()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository, "local.settings.json")));
        return settings.RootElement.GetProperty("Values").Clone();
    }

    private string FreshAzdEnvironment(string? firstAccount = "le12345678", string? cleanupSchedule = null)
    {
        var path = Path.Combine(_root, $"azd-{Guid.NewGuid():N}.env");
        File.WriteAllLines(path,
        [
            "COSMOS_ENDPOINT=\"https://cosmos-test.documents.azure.com:443/\"",
            "COSMOS_DATABASE=\"context\"",
            "COSMOS_CONTAINER=\"sessions\"",
            $"KEY_VAULT_URI=\"{VaultUri}\"",
            .. firstAccount is null ? Array.Empty<string>() : [$"CONTEXT_FIRST_ACCOUNT=\"{firstAccount}\""],
            .. cleanupSchedule is null ? Array.Empty<string>() : [$"CONTEXT_CLEANUP_SCHEDULE=\"{cleanupSchedule}\""],
        ]);
        return path;
    }

    private async Task<(int ExitCode, string Output)> RunHookAsync(string azdEnvironment, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("sh", [Path.Combine(Repository, "hooks", "postprovision.sh")])
        {
            WorkingDirectory = Repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = FakeBin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["FAKE_AZD_ENV"] = azdEnvironment;
        start.Environment["FAKE_DOTNET_CALLS"] = Calls;
        start.Environment["FAKE_VAULT"] = Vault;
        start.Environment.Remove("CONTEXT_KEY_RETRY_SECONDS");
        start.Environment.Remove("CONTEXT_KEY_RETRY_INTERVAL_SECONDS");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private void WriteScript(string name, string text)
    {
        var path = Path.Combine(FakeBin, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
