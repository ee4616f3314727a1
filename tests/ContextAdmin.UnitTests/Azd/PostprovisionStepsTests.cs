using System.Text.Json;
using ContextAdmin.Azd;

namespace ContextAdmin.UnitTests.Azd;

/// <summary>
/// The postprovision hook (context-admin azd postprovision) in a scratch repository root, with the azd values of
/// <see cref="ScriptedAzure"/>, the key command of <see cref="FakeKeyCommand"/> and a clock whose waits end at once.
/// hooks/postprovision.sh and .ps1 only run this command; tests/Repository.StaticTests runs the .sh end to end.
/// </summary>
public sealed class PostprovisionStepsTests : IDisposable
{
    private const string VaultUri = "https://kv-test.vault.azure.net/";
    private const string LaterCommand = $"dotnet run --project src/ContextAdmin -- --vault {VaultUri} --account le12345678 --if-absent";

    private readonly string _root = Directory.CreateTempSubdirectory("postprovision-").FullName;
    private readonly ScriptedAzure _azure = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly InstantClock _clock = new();
    private readonly Dictionary<string, string> _processEnvironment = new(StringComparer.Ordinal);
    private readonly FakeKeyCommand _keys;

    public PostprovisionStepsTests()
    {
        _keys = new FakeKeyCommand(_output, _error) { Clock = _clock };
        _azure.Values["COSMOS_ENDPOINT"] = "https://cosmos-test.documents.azure.com:443/";
        _azure.Values["COSMOS_DATABASE"] = "context";
        _azure.Values["COSMOS_CONTAINER"] = "sessions";
        _azure.Values["KEY_VAULT_URI"] = VaultUri;
        _azure.Values["CONTEXT_FIRST_ACCOUNT"] = "le12345678";
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        _output.Dispose();
        _error.Dispose();
    }

    private string Output => _output + _error.ToString();

    private string LocalSettings => Path.Combine(_root, "local.settings.json");

    [Fact]
    public async Task TheFirstRunCreatesTheAccountsKeyCreateOnly()
    {
        Assert.Equal(0, await RunAsync());

        var versions = _keys.Secrets["context-api-key-le12345678"];
        Assert.Single(versions);
        Assert.Contains(versions[0], _output.ToString(), StringComparison.Ordinal);
        Assert.Equal([$"--vault {VaultUri} --account le12345678 --if-absent"], _keys.Calls);
    }

    [Fact]
    public async Task ASecondRunFromAnotherMachineWritesNothingToAnAccountWhoseSecretExists()
    {
        Assert.Equal(0, await RunAsync());
        var liveKey = _keys.Secrets["context-api-key-le12345678"].Single();

        // Another machine, a fresh checkout or a CI runner: no local.settings.json.
        File.Delete(LocalSettings);
        Assert.Equal(0, await RunAsync());

        Assert.Equal([liveKey], _keys.Secrets["context-api-key-le12345678"]);
        Assert.Contains("Left the existing key alone", _error.ToString(), StringComparison.Ordinal);
        Assert.All(_keys.Calls, call => Assert.EndsWith("--if-absent", call, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWriteThatKeepsFailingIsRetriedWithACountdownThenTheHookPrintsTheCommandForLaterAndSucceeds()
    {
        _keys.ExitCode = 1;
        _processEnvironment["CONTEXT_KEY_RETRY_SECONDS"] = "3";
        _processEnvironment["CONTEXT_KEY_RETRY_INTERVAL_SECONDS"] = "1";

        Assert.Equal(0, await RunAsync());

        Assert.Equal(4, _keys.Calls.Count);
        Assert.Contains(
            """
            postprovision: attempt 1 failed (a new Key Vault role can take minutes to apply); retrying in 1 s, giving up in 0 min 3 s
            postprovision: attempt 2 failed (a new Key Vault role can take minutes to apply); retrying in 1 s, giving up in 0 min 2 s
            postprovision: attempt 3 failed (a new Key Vault role can take minutes to apply); retrying in 1 s, giving up in 0 min 1 s
            """.ReplaceLineEndings(),
            _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("postprovision: WARNING: the API key of account le12345678 was not created: Key Vault still refused after 4 attempts over 0 min 3 s", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains(LaterCommand, _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("(or: azd hooks run postprovision). Either leaves an existing key alone.", _error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_keys.Secrets);
    }

    [Fact]
    public async Task TheCountdownCountsTheTimeAttemptsTakeAndNeverPausesPastTheBudget()
    {
        _keys.ExitCode = 1;
        _keys.Duration = TimeSpan.FromSeconds(25);

        Assert.Equal(0, await RunAsync());

        // The default budget of 10 minutes, pauses of 30 s: each attempt takes 25 s, so 55 s per round.
        Assert.Contains("attempt 1 failed (a new Key Vault role can take minutes to apply); retrying in 30 s, giving up in 9 min 35 s", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("attempt 2 failed (a new Key Vault role can take minutes to apply); retrying in 30 s, giving up in 8 min 40 s", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("attempt 11 failed (a new Key Vault role can take minutes to apply); retrying in 25 s, giving up in 0 min 25 s", _output.ToString(), StringComparison.Ordinal);
        Assert.Equal(12, _keys.Calls.Count);
        Assert.Contains("Key Vault still refused after 12 attempts over 10 min 0 s", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLastPauseEndsWithTheBudget()
    {
        _keys.ExitCode = 1;
        _processEnvironment["CONTEXT_KEY_RETRY_SECONDS"] = "45";

        Assert.Equal(0, await RunAsync());

        Assert.Contains("attempt 2 failed (a new Key Vault role can take minutes to apply); retrying in 15 s, giving up in 0 min 15 s", _output.ToString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(45), _clock.Waited);
        Assert.Equal(3, _keys.Calls.Count);
    }

    [Fact]
    public async Task BadArgumentsAreNotRetriedAndTheHookStillSucceedsWithTheCommandForLater()
    {
        _keys.ExitCode = 2;
        _processEnvironment["CONTEXT_KEY_RETRY_SECONDS"] = "30";
        _processEnvironment["CONTEXT_KEY_RETRY_INTERVAL_SECONDS"] = "10";

        Assert.Equal(0, await RunAsync());

        Assert.Single(_keys.Calls);
        Assert.Contains("ContextAdmin refused the arguments (is CONTEXT_FIRST_ACCOUNT a valid account id?)", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains(LaterCommand, _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyCommandThatThrowsCountsAsAFailedAttempt()
    {
        var attempts = 0;
        var steps = Steps((_, _) => ++attempts == 1 ? throw new InvalidOperationException("boom") : Task.FromResult(0));

        Assert.Equal(0, await steps.RunAsync(CancellationToken.None));

        Assert.Equal(2, attempts);
        Assert.Contains("error: the key was not stored: boom", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInterruptionWhileTheHookWaitsToRetryEndsItWithExitCode130()
    {
        using var interruption = new CancellationTokenSource();
        var steps = Steps((_, _) =>
        {
            interruption.Cancel();
            return Task.FromResult(1);
        });

        Assert.Equal(130, await steps.RunAsync(interruption.Token));

        Assert.EndsWith($"postprovision: interrupted.{Environment.NewLine}", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALocalSettingsFileThatCannotBeWrittenFailsTheHookWithTheReason()
    {
        Directory.CreateDirectory(LocalSettings);

        Assert.Equal(1, await RunAsync());

        Assert.Contains("postprovision: local.settings.json could not be written:", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal([LocalSettings], Directory.EnumerateFileSystemEntries(_root));
        Assert.Empty(_keys.Calls);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("")]
    public void RetryKnobsThatAreNoWholeNumberOfSecondsKeepTheDefaults(string value)
    {
        var knobs = RetryKnobs.From(_ => value);

        Assert.Equal(new RetryKnobs(TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(30)), knobs);
    }

    [Fact]
    public void ARetryIntervalOfZeroBecomesOneSecond() =>
        Assert.Equal(TimeSpan.FromSeconds(1), RetryKnobs.From(name => name == "CONTEXT_KEY_RETRY_INTERVAL_SECONDS" ? "0" : null).Interval);

    [Fact]
    public async Task WithoutAFirstAccountTheHookWritesTheLocalSettingsAndNoKey()
    {
        _azure.Values.Remove("CONTEXT_FIRST_ACCOUNT");

        Assert.Equal(0, await RunAsync());

        Assert.Empty(_keys.Calls);
        Assert.Equal(VaultUri, Values().GetProperty("KeyVault__Uri").GetString());
        Assert.Equal($"postprovision: wrote local.settings.json (Cosmos DB https://cosmos-test.documents.azure.com:443/, Key Vault {VaultUri}){Environment.NewLine}", _output.ToString());
    }

    [Theory]
    [InlineData("CONTEXT_PRIVATE_NETWORK", "true", "the vault accepts only traffic from its private endpoint")]
    [InlineData("CONTEXT_PRIVATE_NETWORK", "True", "the vault accepts only traffic from its private endpoint")]
    [InlineData("CONTEXT_DEPLOYER_DATA_ACCESS", "false", "the deploying principal holds no Key Vault role")]
    public async Task TheFirstKeyIsLeftToAMachineThatCanWriteToTheVault(string name, string value, string reason)
    {
        _azure.Values[name] = value;

        Assert.Equal(0, await RunAsync());

        Assert.Contains(reason, _error.ToString(), StringComparison.Ordinal);
        Assert.Contains(LaterCommand, _error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_keys.Calls);
        Assert.True(File.Exists(LocalSettings));
    }

    [Fact]
    public async Task WithThePublicNetworkAndDeployerDataAccessTheHookRunsTheKeyCommand()
    {
        _azure.Values["CONTEXT_PRIVATE_NETWORK"] = "false";
        _azure.Values["CONTEXT_DEPLOYER_DATA_ACCESS"] = "true";

        Assert.Equal(0, await RunAsync());

        Assert.Equal([$"--vault {VaultUri} --account le12345678 --if-absent"], _keys.Calls);
    }

    [Theory]
    [InlineData("COSMOS_ENDPOINT")]
    [InlineData("KEY_VAULT_URI")]
    public async Task AnEnvironmentThatWasNotProvisionedFailsTheHookAndWritesNothing(string missing)
    {
        _azure.Values.Remove(missing);

        Assert.Equal(1, await RunAsync());

        Assert.Equal($"postprovision: azd environment has no {missing}; was infra/main.bicep provisioned?{Environment.NewLine}", _error.ToString());
        Assert.False(File.Exists(LocalSettings));
        Assert.Empty(_keys.Calls);
    }

    [Fact]
    public async Task TheLocalSettingsPointAtAzureWithoutTheEmulatorsSettingsAndKeepTheDevelopersOthers()
    {
        File.WriteAllText(Path.Combine(_root, "local.settings.sample.json"), """
            {"IsEncrypted":false,"Values":{"AzureWebJobsStorage":"UseDevelopmentStorage=true","Cosmos__Endpoint":"https://localhost:8081/",
             "Cosmos__Key":"emulator+key==","Cosmos__CreateIfNotExists":"true","Cosmos__AcceptEmulatorCertificate":"true",
             "Sweeper__Schedule":"0 */5 * * * *","ApiKeys__le12345678":"dev-key"}}
            """);
        File.WriteAllText(LocalSettings, """
            {"IsEncrypted":true,"Values":{"Cosmos__Key":"k","Cosmos__ManagedIdentityClientId":"m","KeyVault__ManagedIdentityClientId":"m",
             "AzureWebJobsStorage":"UseDevelopmentStorage=false","My__Own":"ünïcode <&>"},"Host":{"LocalHttpPort":7072}}
            """);
        _azure.Values.Remove("CONTEXT_FIRST_ACCOUNT");

        Assert.Equal(0, await RunAsync());

        using var settings = JsonDocument.Parse(File.ReadAllText(LocalSettings));
        var root = settings.RootElement;
        Assert.False(root.GetProperty("IsEncrypted").GetBoolean());
        Assert.Equal(7072, root.GetProperty("Host").GetProperty("LocalHttpPort").GetInt32());
        var values = root.GetProperty("Values");
        Assert.Equal(
            ["AzureWebJobsStorage", "My__Own", "FUNCTIONS_WORKER_RUNTIME", "Cosmos__Endpoint", "Cosmos__Database", "Cosmos__Container", "KeyVault__Uri", "Sweeper__Schedule"],
            values.EnumerateObject().Select(p => p.Name));
        Assert.Equal("UseDevelopmentStorage=false", values.GetProperty("AzureWebJobsStorage").GetString());
        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal("https://cosmos-test.documents.azure.com:443/", values.GetProperty("Cosmos__Endpoint").GetString());
        Assert.Equal("context", values.GetProperty("Cosmos__Database").GetString());
        Assert.Equal("sessions", values.GetProperty("Cosmos__Container").GetString());
        Assert.Equal("0 */5 * * * *", values.GetProperty("Sweeper__Schedule").GetString());
        Assert.Contains("\"ünïcode <&>\"", File.ReadAllText(LocalSettings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutALocalSettingsFileTheSampleIsTheBase()
    {
        File.WriteAllText(Path.Combine(_root, "local.settings.sample.json"), """
            {"IsEncrypted":false,"Values":{"Cosmos__Key":"emulator","ApiKeys__le12345678":"dev-key-change-me","KeyVault__Uri":""}}
            """);
        _azure.Values.Remove("CONTEXT_FIRST_ACCOUNT");

        Assert.Equal(0, await RunAsync());

        var values = Values();
        Assert.Equal("dev-key-change-me", values.GetProperty("ApiKeys__le12345678").GetString());
        Assert.Equal(VaultUri, values.GetProperty("KeyVault__Uri").GetString());
        Assert.False(values.TryGetProperty("Cosmos__Key", out _));
        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"Values":{"Cosmos__Key":"1","Cosmos__Key":"2"}}""")] // a name given twice, as a hand edit leaves it
    [InlineData("""{"Values":{},"Values":{}}""")]
    public async Task ALocalSettingsFileThatIsNotJsonIsLeftAsItIsAndTheHookFails(string text)
    {
        File.WriteAllText(LocalSettings, text);

        Assert.Equal(1, await RunAsync());

        Assert.Equal(text, File.ReadAllText(LocalSettings));
        Assert.Contains("postprovision: local.settings.json is not valid JSON", _error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_keys.Calls);
    }

    [Fact]
    public async Task TheAzdSweepScheduleBecomesTheSweeperScheduleAppSettingOfTheLocalRun()
    {
        _azure.Values["CONTEXT_SWEEP_SCHEDULE"] = "0 0 * * * *";

        Assert.Equal(0, await RunAsync());

        Assert.Equal("0 0 * * * *", Values().GetProperty("Sweeper__Schedule").GetString());
        Assert.False(Values().TryGetProperty("CleanupSchedule", out _));
        Assert.DoesNotContain("WARNING", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOldAzdNameOfTheSweepScheduleAloneIsUsedWithAWarning()
    {
        _azure.Values["CONTEXT_CLEANUP_SCHEDULE"] = "0 0 * * * *";

        Assert.Equal(0, await RunAsync());

        Assert.Equal("0 0 * * * *", Values().GetProperty("Sweeper__Schedule").GetString());
        Assert.Contains("postprovision: WARNING: CONTEXT_CLEANUP_SCHEDULE is the old name of CONTEXT_SWEEP_SCHEDULE; using its value '0 0 * * * *'. Rename it: azd env set CONTEXT_SWEEP_SCHEDULE '0 0 * * * *'", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithBothAzdNamesOfTheSweepScheduleTheNewOneWins()
    {
        _azure.Values["CONTEXT_SWEEP_SCHEDULE"] = "0 */10 * * * *";
        _azure.Values["CONTEXT_CLEANUP_SCHEDULE"] = "0 0 * * * *";

        Assert.Equal(0, await RunAsync());

        Assert.Equal("0 */10 * * * *", Values().GetProperty("Sweeper__Schedule").GetString());
    }

    [Fact]
    public async Task ADevelopersScheduleUnderTheOldNameCleanupScheduleIsKeptAsSweeperSchedule()
    {
        File.WriteAllText(LocalSettings, """{"IsEncrypted":false,"Values":{"CleanupSchedule":"0 */10 * * * *","ApiKeys__le12345678":"dev-key"}}""");
        _azure.Values.Remove("CONTEXT_FIRST_ACCOUNT");
        _azure.Values["CONTEXT_SWEEP_SCHEDULE"] = "0 0 * * * *";

        Assert.Equal(0, await RunAsync());

        var values = Values();
        Assert.Equal("0 */10 * * * *", values.GetProperty("Sweeper__Schedule").GetString());
        Assert.False(values.TryGetProperty("CleanupSchedule", out _), "the hook left CleanupSchedule, which the app no longer reads");
        Assert.Equal("dev-key", values.GetProperty("ApiKeys__le12345678").GetString());
    }

    [Fact]
    public async Task ADevelopersSweeperScheduleStays()
    {
        File.WriteAllText(LocalSettings, """{"Values":{"Sweeper__Schedule":"0 0 3 * * *","CleanupSchedule":"0 */10 * * * *"}}""");
        _azure.Values["CONTEXT_SWEEP_SCHEDULE"] = "0 0 * * * *";

        Assert.Equal(0, await RunAsync());

        Assert.Equal("0 0 3 * * *", Values().GetProperty("Sweeper__Schedule").GetString());
        Assert.False(Values().TryGetProperty("CleanupSchedule", out _));
    }

    private JsonElement Values()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(LocalSettings));
        return settings.RootElement.GetProperty("Values").Clone();
    }

    private Task<int> RunAsync() => Steps(_keys.RunAsync).RunAsync(CancellationToken.None);

    private PostprovisionSteps Steps(Func<IReadOnlyList<string>, CancellationToken, Task<int>> keyCommand) =>
        new(_azure, keyCommand, _clock, name => _processEnvironment.GetValueOrDefault(name), _root, _output, _error);
}
