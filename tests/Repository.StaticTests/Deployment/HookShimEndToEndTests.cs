using System.Diagnostics;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text.Json;
using ContextStore.Testing.Documents;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// Runs the .sh shims of hooks/ (copies, in a scratch repository, so the real local.settings.json is never touched)
/// with fake <c>azd</c>, <c>az</c> and <c>dotnet</c> first on PATH. The fake dotnet checks the command line the shim
/// runs, then runs the built ContextAdmin with the arguments after <c>--</c>: so the tool, its process runner and its
/// exit code are the real ones, and only azd and az answer from scripts (logging every call).
/// </summary>
[UnsupportedOSPlatform("windows")] // The .ps1 shims are kept equal to these by HookShimTests.
public sealed class HookShimEndToEndTests : IDisposable
{
    private const string VaultUri = "https://kv-test.vault.azure.net/";

    private static readonly string ContextAdminOutput = typeof(HookShimEndToEndTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ContextAdminOutput").Value!;

    private readonly string _root = Directory.CreateTempSubdirectory("hook-shims-").FullName;
    private string Repository => Path.Combine(_root, "repo");
    private string FakeBin => Path.Combine(_root, "bin");
    private string AzdEnvironment => Path.Combine(_root, "azd.env");
    private string AzCalls => Path.Combine(_root, "az-calls.log");
    private string DotnetCalls => Path.Combine(_root, "dotnet-calls.log");

    public HookShimEndToEndTests()
    {
        Directory.CreateDirectory(Path.Combine(Repository, "hooks"));
        Directory.CreateDirectory(Path.Combine(Repository, "src", "ContextAdmin"));
        File.WriteAllText(Path.Combine(Repository, "src", "ContextAdmin", "ContextAdmin.csproj"), "");
        Directory.CreateDirectory(FakeBin);
        foreach (var shim in new[] { "preprovision.sh", "postprovision.sh" })
        {
            File.Copy(RepositoryFiles.PathOf("hooks", shim), Path.Combine(Repository, "hooks", shim));
        }

        WriteScript("azd", """
            #!/bin/sh
            # azd env get-values prints the environment file; azd env set appends to it, as azd quotes a value.
            case "$1 $2" in
                "env get-values") cat "$FAKE_AZD_ENV" ;;
                "env set") printf '%s="%s"\n' "$3" "$4" >> "$FAKE_AZD_ENV" ;;
                *) echo "fake azd: unexpected $*" >&2; exit 99 ;;
            esac
            """);
        WriteScript("dotnet", """
            #!/bin/sh
            echo "$*" >> "$FAKE_DOTNET_CALLS"
            if [ -n "${FAKE_BUILD_STATUS:-}" ]; then
                echo "fake dotnet: the build failed" >&2
                exit "$FAKE_BUILD_STATUS"
            fi
            [ "$1 $2 $3 $4 $5 $6" = "run --project src/ContextAdmin -c Release --" ] || { echo "fake dotnet: unexpected $*" >&2; exit 99; }
            [ -f src/ContextAdmin/ContextAdmin.csproj ] || { echo "fake dotnet: not run from the repository root but $(pwd)" >&2; exit 98; }
            shift 6
            exec "$REAL_DOTNET" "$CONTEXT_ADMIN_DLL" "$@"
            """);
        WriteScript("az", """
            #!/bin/sh
            echo "$*" >> "$FAKE_AZ_CALLS"
            case "$1 $2" in
                "account show") exit 0 ;;
                "group exists") echo True ;;
                "cosmosdb list") echo cosmos-test ;;
                "cosmosdb show")
                    case "$*" in
                        *capabilities*) echo EnableServerless ;;
                        *isZoneRedundant*) echo False ;;
                        *) echo "fake az: unexpected $*" >&2; exit 99 ;;
                    esac ;;
                "storage account")
                    case "$3" in
                        list) echo sttest ;;
                        show) echo Standard_LRS ;;
                        *) echo "fake az: unexpected $*" >&2; exit 99 ;;
                    esac ;;
                *) echo "fake az: unexpected $*" >&2; exit 99 ;;
            esac
            """);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ThePreprovisionShimRunsTheToolWhoseRefusalStopsTheProvisioning()
    {
        var run = await RunAsync("preprovision.sh", ("CONTEXT_ZONE_REDUNDANT", "true"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("preprovision: REFUSED: Cosmos DB account cosmos-test has zone redundancy false and CONTEXT_ZONE_REDUNDANT is true", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 change(s) that a deployment cannot make", run.Output, StringComparison.Ordinal);
        Assert.Equal(["run --project src/ContextAdmin -c Release -- azd preprovision"], File.ReadAllLines(DotnetCalls));
        var calls = File.ReadAllLines(AzCalls);
        Assert.All(calls, call => Assert.Matches(@"^(account show|group exists|cosmosdb (list|show)|storage account (list|show)) ", call));
        Assert.All(calls, call => Assert.Contains("--subscription 00000000-0000-0000-0000-0000000000aa", call, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePreprovisionShimPassesARegionThatMatchesItsValues()
    {
        var run = await RunAsync("preprovision.sh");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("preprovision: rg-context-emea matches COSMOS_THROUGHPUT_MODE=serverless and CONTEXT_ZONE_REDUNDANT=false.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePreprovisionShimRefusesAnAlertEmailThatIsNoAddressBeforeAnyAzureCall()
    {
        var run = await RunAsync("preprovision.sh", ("CONTEXT_ALERT_EMAIL", "ops@example.com, not-an-address"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("preprovision: REFUSED: CONTEXT_ALERT_EMAIL: \"not-an-address\" is not an e-mail address", run.Output, StringComparison.Ordinal);
        Assert.Contains("preprovision: 1 azd value(s) the deployment would refuse; nothing was changed.", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(AzCalls), "the hook called az before refusing the value");
    }

    [Fact]
    public async Task ThePreprovisionShimCarriesTheOldSweepScheduleNameOverToTheNewOne()
    {
        var run = await RunAsync("preprovision.sh", ("CONTEXT_CLEANUP_SCHEDULE", "0 0 * * * *"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("WARNING: CONTEXT_CLEANUP_SCHEDULE is the old name of CONTEXT_SWEEP_SCHEDULE", run.Output, StringComparison.Ordinal);
        Assert.Equal("CONTEXT_SWEEP_SCHEDULE=\"0 0 * * * *\"", File.ReadAllLines(AzdEnvironment)[^1]);
    }

    [Fact]
    public async Task ThePostprovisionShimWritesTheLocalSettingsAtTheRepositoryRoot()
    {
        var run = await RunAsync("postprovision.sh", ("CONTEXT_SWEEP_SCHEDULE", "0 0 * * * *"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"postprovision: wrote local.settings.json (Cosmos DB https://cosmos-test.documents.azure.com:443/, Key Vault {VaultUri})", run.Output, StringComparison.Ordinal);
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository, "local.settings.json")));
        var values = settings.RootElement.GetProperty("Values");
        Assert.Equal(VaultUri, values.GetProperty("KeyVault__Uri").GetString());
        Assert.Equal("0 0 * * * *", values.GetProperty("Sweeper__Schedule").GetString());
        Assert.Equal(["run --project src/ContextAdmin -c Release -- azd postprovision"], File.ReadAllLines(DotnetCalls));
    }

    [Fact]
    public async Task ThePostprovisionShimLeavesTheFirstKeyToAMachineThatCanWriteToTheVault()
    {
        var run = await RunAsync("postprovision.sh", ("CONTEXT_FIRST_ACCOUNT", "le12345678"), ("CONTEXT_PRIVATE_NETWORK", "true"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("the vault accepts only traffic from its private endpoint", run.Output, StringComparison.Ordinal);
        Assert.Contains($"dotnet run --project src/ContextAdmin -- --vault {VaultUri} --account le12345678 --if-absent", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFirstAccountTheKeyCommandRefusesDoesNotFailTheDeployment()
    {
        var run = await RunAsync("postprovision.sh", ("CONTEXT_FIRST_ACCOUNT", "not an account!"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("ContextAdmin refused the arguments (is CONTEXT_FIRST_ACCOUNT a valid account id?)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("retrying", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("preprovision.sh")]
    [InlineData("postprovision.sh")]
    public async Task AShimPassesTheExitCodeOfAFailedBuildOn(string shim)
    {
        var run = await RunAsync(shim, ("FAKE_BUILD_STATUS", "7"));

        Assert.Equal(7, run.ExitCode);
        Assert.False(File.Exists(Path.Combine(Repository, "local.settings.json")));
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string shim, params (string Name, string Value)[] values)
    {
        File.WriteAllLines(AzdEnvironment,
        [
            "AZURE_ENV_NAME=\"context-emea\"",
            "AZURE_SUBSCRIPTION_ID=\"00000000-0000-0000-0000-0000000000aa\"",
            "COSMOS_ENDPOINT=\"https://cosmos-test.documents.azure.com:443/\"",
            "COSMOS_DATABASE=\"context\"",
            "COSMOS_CONTAINER=\"sessions\"",
            $"KEY_VAULT_URI=\"{VaultUri}\"",
            .. values.Where(v => !v.Name.StartsWith("FAKE_", StringComparison.Ordinal)).Select(v => $"{v.Name}=\"{v.Value}\""),
        ]);

        // Started from elsewhere, as azd may: the shim finds the repository root from its own path.
        var start = new ProcessStartInfo("sh", [Path.Combine(Repository, "hooks", shim)])
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var path = Environment.GetEnvironmentVariable("PATH");
        start.Environment["PATH"] = FakeBin + Path.PathSeparator + path;
        start.Environment["REAL_DOTNET"] = RealDotnet(path);
        start.Environment["CONTEXT_ADMIN_DLL"] = Path.Combine(ContextAdminOutput, "ContextAdmin.dll");
        start.Environment["FAKE_AZD_ENV"] = AzdEnvironment;
        start.Environment["FAKE_AZ_CALLS"] = AzCalls;
        start.Environment["FAKE_DOTNET_CALLS"] = DotnetCalls;
        start.Environment["CONTEXT_KEY_RETRY_SECONDS"] = "1";
        start.Environment["CONTEXT_KEY_RETRY_INTERVAL_SECONDS"] = "1";
        foreach (var (name, value) in values.Where(v => v.Name.StartsWith("FAKE_", StringComparison.Ordinal)))
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

    /// <summary>The dotnet that runs these tests: the host's own path when it is dotnet, else the first on PATH.</summary>
    private static string RealDotnet(string? path)
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "dotnet"))
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("No dotnet on PATH.");
    }

    private void WriteScript(string name, string text)
    {
        var path = Path.Combine(FakeBin, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
