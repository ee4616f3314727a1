using ContextStore.Testing.Documents;
using System.Diagnostics;
using System.Runtime.Versioning;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// Runs hooks/preprovision.sh with fake <c>azd</c> and <c>az</c> first on PATH. The fake az answers from a
/// described region (resource group, Cosmos DB account, container throughput, storage SKU) the queries the hook
/// sends, and logs every call, so that the tests also see that the hook only reads.
/// </summary>
[UnsupportedOSPlatform("windows")] // A POSIX hook; hooks/preprovision.ps1 is the Windows one.
public sealed class PreprovisionHookTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("preprovision-").FullName;
    private string FakeBin => Path.Combine(_root, "bin");
    private string Calls => Path.Combine(_root, "az-calls.log");

    public PreprovisionHookTests()
    {
        Directory.CreateDirectory(FakeBin);
        WriteScript("azd", """
            #!/bin/sh
            case "$1 $2" in
                "env get-values") cat "$FAKE_AZD_ENV" ;;
                *) echo "fake azd: unexpected $*" >&2; exit 99 ;;
            esac
            """);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ANewRegionPasses()
    {
        var run = await RunAsync(new Region(GroupExists: false), ("COSMOS_THROUGHPUT_MODE", "autoscale"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("rg-context-emea does not exist yet", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARegionThatMatchesItsValuesPasses()
    {
        var run = await RunAsync(new Region());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("rg-context-emea matches COSMOS_THROUGHPUT_MODE=serverless and CONTEXT_ZONE_REDUNDANT=false", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoscaleOnAServerlessAccountIsRefusedWithTheOneWayMigrationSteps()
    {
        var run = await RunAsync(new Region(), ("COSMOS_THROUGHPUT_MODE", "autoscale"), ("COSMOS_AUTOSCALE_MAX_RU", "4000"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Cosmos DB account cosmos-test is serverless and COSMOS_THROUGHPUT_MODE is autoscale", run.Output, StringComparison.Ordinal);
        Assert.Contains("--capacity-mode Provisioned", run.Output, StringComparison.Ordinal);
        Assert.Contains("--throughput-type autoscale", run.Output, StringComparison.Ordinal);
        Assert.Contains("--max-throughput 4000", run.Output, StringComparison.Ordinal);
        Assert.Contains("cannot go back to serverless", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerlessOnAProvisionedAccountIsRefused()
    {
        var run = await RunAsync(new Region(Serverless: false, AutoscaleMax: "4000"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("has provisioned throughput and COSMOS_THROUGHPUT_MODE is serverless", run.Output, StringComparison.Ordinal);
        Assert.Contains("azd env set COSMOS_THROUGHPUT_MODE autoscale", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoscaleOnAContainerLeftWithManualThroughputIsRefusedWithTheSwitch()
    {
        var run = await RunAsync(new Region(Serverless: false, AutoscaleMax: ""), ("COSMOS_THROUGHPUT_MODE", "autoscale"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("context/sessions of Cosmos DB account cosmos-test has manual throughput", run.Output, StringComparison.Ordinal);
        Assert.Contains("--max-throughput 1000", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAutoscaleAccountThatStaysAutoscalePasses()
    {
        var run = await RunAsync(new Region(Serverless: false, AutoscaleMax: "4000"), ("COSMOS_THROUGHPUT_MODE", "autoscale"));

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task ZoneRedundancyForAnExistingRegionIsRefusedForCosmosDbAndStorage()
    {
        var run = await RunAsync(new Region(), ("CONTEXT_ZONE_REDUNDANT", "true"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Cosmos DB account cosmos-test has zone redundancy false and CONTEXT_ZONE_REDUNDANT is true", run.Output, StringComparison.Ordinal);
        Assert.Contains("storage account sttest is Standard_LRS and CONTEXT_ZONE_REDUNDANT=true asks for Standard_ZRS", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 change(s) that a deployment cannot make", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AZoneRedundantRegionThatStaysZoneRedundantPasses()
    {
        var run = await RunAsync(new Region(ZoneRedundant: true, StorageSku: "Standard_ZRS"), ("CONTEXT_ZONE_REDUNDANT", "true"));

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task WithoutASignedInAzureCliTheHookSaysItCouldNotCheckAndPasses()
    {
        var run = await RunAsync(new Region(SignedIn: false), ("COSMOS_THROUGHPUT_MODE", "autoscale"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("the Azure CLI is not signed in", run.Output, StringComparison.Ordinal);
        Assert.Contains("not checked", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHookOnlyReadsAndAsksTheEnvironmentsSubscription()
    {
        await RunAsync(new Region(), ("COSMOS_THROUGHPUT_MODE", "autoscale"), ("CONTEXT_ZONE_REDUNDANT", "true"));

        var calls = File.ReadAllLines(Calls);
        Assert.NotEmpty(calls);
        Assert.All(calls, call => Assert.Matches(@"^(account show|group exists|cosmosdb (list|show)|cosmosdb sql container throughput show|storage account (list|show)) ", call));
        Assert.All(calls, call => Assert.Contains("--subscription 00000000-0000-0000-0000-0000000000aa", call, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ops@example.com, not-an-address", "not-an-address")]
    [InlineData("ops@example", "ops@example")]
    [InlineData("ops@example.com,@example.com", "@example.com")]
    [InlineData("a@b@example.com", "a@b@example.com")]
    [InlineData("*@example.com.", "*@example.com.")]
    public async Task AnAlertEmailThatIsNoAddressIsRefusedBeforeAnyAzureCall(string value, string refused)
    {
        var run = await RunAsync(new Region(), ("CONTEXT_ALERT_EMAIL", value));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"CONTEXT_ALERT_EMAIL: \"{refused}\" is not an e-mail address", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Calls), "the hook called az before refusing the value");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("2.5")]
    [InlineData("1001")]
    [InlineData("99999999999999999999999")]
    public async Task ADailyLogCapThatIsNotAWholeNumberFrom0To1000IsRefused(string value)
    {
        var run = await RunAsync(new Region(), ("CONTEXT_LOG_DAILY_CAP_GB", value));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"CONTEXT_LOG_DAILY_CAP_GB is \"{value}\": a whole number of GB from 0 (no cap) to 1000", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ops@example.com", "0")]
    [InlineData("ops@example.com, oncall@example.org", "1000")]
    [InlineData("first.last+alerts@sub.example.co.uk", "0005")]
    public async Task AlertAddressesAndADailyCapInRangePass(string addresses, string cap)
    {
        var run = await RunAsync(new Region(GroupExists: false), ("CONTEXT_ALERT_EMAIL", addresses), ("CONTEXT_LOG_DAILY_CAP_GB", cap));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("REFUSED", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CONTEXT_ALERT_EMAIL is not set", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnAlertEmailTheHookSaysTheAlertsNotifyNobodyAndPasses()
    {
        var run = await RunAsync(new Region(GroupExists: false));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("CONTEXT_ALERT_EMAIL is not set: the alerts fire in Azure Monitor but notify nobody", run.Output, StringComparison.Ordinal);
    }

    /// <summary>An existing (or absent) region as the fake az describes it.</summary>
    private sealed record Region(
        bool SignedIn = true,
        bool GroupExists = true,
        bool Serverless = true,
        string AutoscaleMax = "",
        bool ZoneRedundant = false,
        string StorageSku = "Standard_LRS");

    private async Task<(int ExitCode, string Output)> RunAsync(Region region, params (string Name, string Value)[] azdValues)
    {
        var azdEnvironment = Path.Combine(_root, $"azd-{Guid.NewGuid():N}.env");
        File.WriteAllLines(azdEnvironment,
        [
            "AZURE_ENV_NAME=\"context-emea\"",
            "AZURE_LOCATION=\"westeurope\"",
            "AZURE_SUBSCRIPTION_ID=\"00000000-0000-0000-0000-0000000000aa\"",
            .. azdValues.Select(v => $"{v.Name}=\"{v.Value}\""),
        ]);
        WriteFakeAz(region);

        var start = new ProcessStartInfo("sh", [RepositoryFiles.PathOf("hooks", "preprovision.sh")])
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = FakeBin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["FAKE_AZD_ENV"] = azdEnvironment;
        start.Environment["FAKE_AZ_CALLS"] = Calls;

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private void WriteFakeAz(Region region)
    {
        static string Bool(bool value) => value ? "True" : "False";
        WriteScript("az", $$"""
            #!/bin/sh
            echo "$*" >> "$FAKE_AZ_CALLS"
            command="$1 $2"
            case "$command" in
                "account show") exit {{(region.SignedIn ? 0 : 1)}} ;;
                "group exists") echo {{Bool(region.GroupExists)}} ;;
                "cosmosdb list") echo cosmos-test ;;
                "cosmosdb show")
                    case "$*" in
                        *capabilities*) {{(region.Serverless ? "echo EnableServerless" : "true")}} ;;
                        *isZoneRedundant*) echo {{Bool(region.ZoneRedundant)}} ;;
                        *) echo "fake az: unexpected $*" >&2; exit 99 ;;
                    esac ;;
                "cosmosdb sql") echo "{{region.AutoscaleMax}}" | sed '/^$/d' ;;
                "storage account")
                    case "$3" in
                        list) echo sttest ;;
                        show) echo {{region.StorageSku}} ;;
                        *) echo "fake az: unexpected $*" >&2; exit 99 ;;
                    esac ;;
                *) echo "fake az: unexpected $*" >&2; exit 99 ;;
            esac
            """);
    }

    private void WriteScript(string name, string text)
    {
        var path = Path.Combine(FakeBin, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
