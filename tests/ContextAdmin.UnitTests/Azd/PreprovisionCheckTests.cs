using ContextAdmin.Azd;

namespace ContextAdmin.UnitTests.Azd;

/// <summary>
/// The preprovision hook's checks (context-admin azd preprovision) against a region that <see cref="ScriptedAzure"/>
/// describes. hooks/preprovision.sh and .ps1 only run this command; tests/Repository.StaticTests runs the .sh end to end.
/// </summary>
public sealed class PreprovisionCheckTests : IDisposable
{
    private readonly ScriptedAzure _azure = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public PreprovisionCheckTests()
    {
        _azure.Values["AZURE_ENV_NAME"] = "context-emea";
        _azure.Values["AZURE_LOCATION"] = "westeurope";
        _azure.Values["AZURE_SUBSCRIPTION_ID"] = "00000000-0000-0000-0000-0000000000aa";
    }

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
    }

    private string Output => _output + _error.ToString();

    [Fact]
    public async Task ANewRegionPasses()
    {
        var exitCode = await RunAsync(new Region(GroupExists: false), ("COSMOS_THROUGHPUT_MODE", "autoscale"));

        Assert.Equal(0, exitCode);
        Assert.Contains("rg-context-emea does not exist yet", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARegionThatMatchesItsValuesPasses()
    {
        var exitCode = await RunAsync(new Region(), ("CONTEXT_ALERT_EMAIL", "ops@example.com"));

        Assert.Equal(0, exitCode);
        Assert.Equal($"preprovision: rg-context-emea matches COSMOS_THROUGHPUT_MODE=serverless and CONTEXT_ZONE_REDUNDANT=false.{Environment.NewLine}", _output.ToString());
        Assert.Empty(_error.ToString());
    }

    [Fact]
    public async Task AutoscaleOnAServerlessAccountIsRefusedWithTheOneWayMigrationSteps()
    {
        var exitCode = await RunAsync(new Region(), ("COSMOS_THROUGHPUT_MODE", "autoscale"), ("COSMOS_AUTOSCALE_MAX_RU", "4000"));

        Assert.Equal(1, exitCode);
        var refusal = _error.ToString();
        Assert.Contains("preprovision: REFUSED: Cosmos DB account cosmos-test is serverless and COSMOS_THROUGHPUT_MODE is autoscale", refusal, StringComparison.Ordinal);
        Assert.Contains("az cosmosdb update --resource-group rg-context-emea --name cosmos-test --capacity-mode Provisioned", refusal, StringComparison.Ordinal);
        Assert.Contains("--database-name context --name sessions --throughput-type autoscale", refusal, StringComparison.Ordinal);
        Assert.Contains("--max-throughput 4000", refusal, StringComparison.Ordinal);
        Assert.Contains("cannot go back to serverless", refusal, StringComparison.Ordinal);
        Assert.Contains("preprovision: 1 change(s) that a deployment cannot make; nothing was changed.", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerlessOnAProvisionedAccountIsRefused()
    {
        var exitCode = await RunAsync(new Region(Serverless: false, AutoscaleMax: "4000"));

        Assert.Equal(1, exitCode);
        Assert.Contains("has provisioned throughput and COSMOS_THROUGHPUT_MODE is serverless", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("azd env set COSMOS_THROUGHPUT_MODE autoscale", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoscaleOnAContainerLeftWithManualThroughputIsRefusedWithTheSwitch()
    {
        var exitCode = await RunAsync(new Region(Serverless: false, AutoscaleMax: ""), ("COSMOS_THROUGHPUT_MODE", "autoscale"));

        Assert.Equal(1, exitCode);
        Assert.Contains("context/sessions of Cosmos DB account cosmos-test has manual throughput", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--max-throughput 1000", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAutoscaleAccountThatStaysAutoscalePasses()
    {
        var exitCode = await RunAsync(new Region(Serverless: false, AutoscaleMax: "4000"), ("COSMOS_THROUGHPUT_MODE", "autoscale"));

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task ZoneRedundancyForAnExistingRegionIsRefusedForCosmosDbAndStorage()
    {
        var exitCode = await RunAsync(new Region(), ("CONTEXT_ZONE_REDUNDANT", "True"));

        Assert.Equal(1, exitCode);
        Assert.Contains("Cosmos DB account cosmos-test has zone redundancy false and CONTEXT_ZONE_REDUNDANT is true", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("storage account sttest is Standard_LRS and CONTEXT_ZONE_REDUNDANT=true asks for Standard_ZRS", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("2 change(s) that a deployment cannot make", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AZoneRedundantRegionThatStaysZoneRedundantPasses()
    {
        var exitCode = await RunAsync(new Region(ZoneRedundant: true, StorageSku: "Standard_ZRS"), ("CONTEXT_ZONE_REDUNDANT", "true"));

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task WithoutASignedInAzureCliTheHookSaysItCouldNotCheckAndPasses()
    {
        var exitCode = await RunAsync(new Region(SignedIn: false), ("COSMOS_THROUGHPUT_MODE", "autoscale"));

        Assert.Equal(0, exitCode);
        Assert.Contains("the Azure CLI is not signed in (az login)", Output, StringComparison.Ordinal);
        Assert.Contains("not checked", Output, StringComparison.Ordinal);
        Assert.Equal(["account show --subscription 00000000-0000-0000-0000-0000000000aa --output none"], _azure.AzCalls);
    }

    [Fact]
    public async Task WithoutTheAzureCliTheHookSaysItCouldNotCheckAndPasses()
    {
        _azure.AzInstalled = false;

        var exitCode = await RunAsync(new Region(), ("COSMOS_THROUGHPUT_MODE", "autoscale"));

        Assert.Equal(0, exitCode);
        Assert.Contains("the Azure CLI (az) is not installed; the capacity mode and zone redundancy of existing resources are not checked", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEnvironmentWithoutANameIsNotChecked()
    {
        _azure.Values.Remove("AZURE_ENV_NAME");

        var exitCode = await RunAsync(new Region());

        Assert.Equal(0, exitCode);
        Assert.Contains("the azd environment has no AZURE_ENV_NAME", Output, StringComparison.Ordinal);
        Assert.Empty(_azure.AzCalls);
    }

    [Fact]
    public async Task AnAzureCliQueryThatFailsStopsTheProvisioningWithTheCommandThatFailed()
    {
        var exitCode = await RunAsync(new Region(FailingCommand: "group exists"));

        Assert.Equal(1, exitCode);
        Assert.Contains("preprovision: az group exists --name rg-context-emea failed (exit code 2); nothing was changed.", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHookOnlyReadsAndAsksTheEnvironmentsSubscription()
    {
        await RunAsync(new Region(), ("COSMOS_THROUGHPUT_MODE", "autoscale"), ("CONTEXT_ZONE_REDUNDANT", "true"));

        Assert.NotEmpty(_azure.AzCalls);
        Assert.All(_azure.AzCalls, call => Assert.Matches(@"^(account show|group exists|cosmosdb (list|show)|cosmosdb sql container throughput show|storage account (list|show)) ", call));
        Assert.All(_azure.AzCalls, call => Assert.Contains("--subscription 00000000-0000-0000-0000-0000000000aa", call, StringComparison.Ordinal));
        Assert.Equal(["env get-values"], _azure.AzdCalls);
    }

    [Theory]
    [InlineData("ops@example.com, not-an-address", "not-an-address")]
    [InlineData("ops@example", "ops@example")]
    [InlineData("ops@example.com,@example.com", "@example.com")]
    [InlineData("a@b@example.com", "a@b@example.com")]
    [InlineData("*@example.com.", "*@example.com.")]
    public async Task AnAlertEmailThatIsNoAddressIsRefusedBeforeAnyAzureCall(string value, string refused)
    {
        var exitCode = await RunAsync(new Region(), ("CONTEXT_ALERT_EMAIL", value));

        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"preprovision: REFUSED: CONTEXT_ALERT_EMAIL: \"{refused}\" is not an e-mail address such as ops@example.com (separate several with commas).{Environment.NewLine}"
            + $"preprovision: 1 azd value(s) the deployment would refuse; nothing was changed.{Environment.NewLine}",
            _error.ToString());
        Assert.Empty(_azure.AzCalls);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("2.5")]
    [InlineData("1001")]
    [InlineData("99999999999999999999999")]
    public async Task ADailyLogCapThatIsNotAWholeNumberFrom0To1000IsRefusedBeforeAnyAzureCall(string value)
    {
        var exitCode = await RunAsync(new Region(), ("CONTEXT_ALERT_EMAIL", "ops@example.com"), ("CONTEXT_LOG_DAILY_CAP_GB", value));

        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"preprovision: REFUSED: CONTEXT_LOG_DAILY_CAP_GB is \"{value}\": a whole number of GB from 0 (no cap) to 1000.{Environment.NewLine}"
            + $"preprovision: 1 azd value(s) the deployment would refuse; nothing was changed.{Environment.NewLine}",
            _error.ToString());
        Assert.Empty(_azure.AzCalls);
    }

    [Theory]
    [InlineData("ops@example.com", "0")]
    [InlineData("ops@example.com, oncall@example.org", "1000")]
    [InlineData("first.last+alerts@sub.example.co.uk", "0005")]
    public async Task AlertAddressesAndADailyCapInRangePass(string addresses, string cap)
    {
        var exitCode = await RunAsync(new Region(GroupExists: false), ("CONTEXT_ALERT_EMAIL", addresses), ("CONTEXT_LOG_DAILY_CAP_GB", cap));

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("REFUSED", Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CONTEXT_ALERT_EMAIL is not set", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnAlertEmailTheHookSaysTheAlertsNotifyNobodyAndPasses()
    {
        var exitCode = await RunAsync(new Region(GroupExists: false));

        Assert.Equal(0, exitCode);
        Assert.StartsWith(
            "preprovision: CONTEXT_ALERT_EMAIL is not set: the alerts fire in Azure Monitor but notify nobody (azd env set CONTEXT_ALERT_EMAIL ops@example.com).",
            _output.ToString(), StringComparison.Ordinal);
        Assert.Empty(_error.ToString());
    }

    [Fact]
    public async Task EveryAzdValueTheDeploymentWouldRefuseIsNamedAtOnce()
    {
        var exitCode = await RunAsync(new Region(), ("CONTEXT_ALERT_EMAIL", "ops, oncall@example"), ("CONTEXT_LOG_DAILY_CAP_GB", "5GB"));

        Assert.Equal(1, exitCode);
        var refusals = _error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "preprovision: REFUSED: CONTEXT_ALERT_EMAIL: \"ops\" is not an e-mail address such as ops@example.com (separate several with commas).",
            "preprovision: REFUSED: CONTEXT_ALERT_EMAIL: \"oncall@example\" is not an e-mail address such as ops@example.com (separate several with commas).",
            "preprovision: REFUSED: CONTEXT_LOG_DAILY_CAP_GB is \"5GB\": a whole number of GB from 0 (no cap) to 1000.",
            "preprovision: 3 azd value(s) the deployment would refuse; nothing was changed.",
        ], refusals);
    }

    [Fact]
    public async Task AnAzdValueTheDeploymentWouldRefuseIsRefusedEvenWithoutTheAzureCli()
    {
        _azure.AzInstalled = false;

        var exitCode = await RunAsync(new Region(), ("CONTEXT_LOG_DAILY_CAP_GB", "1001"));

        Assert.Equal(1, exitCode);
        Assert.Contains("REFUSED: CONTEXT_LOG_DAILY_CAP_GB is \"1001\"", _error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not checked", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAlertEmailOfAHundredThousandDotsIsRefused()
    {
        var exitCode = await RunAsync(new Region(), ("CONTEXT_ALERT_EMAIL", "ops@example" + new string('.', 100_000)));

        Assert.Equal(1, exitCode);
        Assert.Contains("is not an e-mail address", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedAzdValueLeavesTheAzdEnvironmentAsItWas()
    {
        var exitCode = await RunAsync(new Region(), ("CONTEXT_ALERT_EMAIL", "ops@example"), ("CONTEXT_CLEANUP_SCHEDULE", "0 0 * * * *"));

        Assert.Equal(1, exitCode);
        Assert.Equal(["env get-values"], _azure.AzdCalls);
        Assert.False(_azure.Values.ContainsKey("CONTEXT_SWEEP_SCHEDULE"));
    }

    [Fact]
    public async Task OnlyTheOldSweepScheduleNameIsCopiedToTheNewOneWithAWarning()
    {
        var exitCode = await RunAsync(new Region(), ("CONTEXT_CLEANUP_SCHEDULE", "0 0 * * * *"));

        Assert.Equal(0, exitCode);
        Assert.Equal("0 0 * * * *", _azure.Values["CONTEXT_SWEEP_SCHEDULE"]);
        Assert.Contains("env set CONTEXT_SWEEP_SCHEDULE 0 0 * * * *", _azure.AzdCalls);
        Assert.Contains("preprovision: WARNING: CONTEXT_CLEANUP_SCHEDULE is the old name of CONTEXT_SWEEP_SCHEDULE: its value '0 0 * * * *' is now also set as CONTEXT_SWEEP_SCHEDULE", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOldSweepScheduleNameIsCarriedOverEvenWhenAzureIsNotChecked()
    {
        _azure.AzInstalled = false;

        await RunAsync(new Region(), ("CONTEXT_CLEANUP_SCHEDULE", "0 0 * * * *"));

        Assert.Equal("0 0 * * * *", _azure.Values["CONTEXT_SWEEP_SCHEDULE"]);
    }

    [Fact]
    public async Task WithBothSweepScheduleNamesTheNewOneWinsAndTheOldOneIsNamedAsIgnored()
    {
        var exitCode = await RunAsync(new Region(), ("CONTEXT_SWEEP_SCHEDULE", "0 */10 * * * *"), ("CONTEXT_CLEANUP_SCHEDULE", "0 0 * * * *"));

        Assert.Equal(0, exitCode);
        Assert.Equal("0 */10 * * * *", _azure.Values["CONTEXT_SWEEP_SCHEDULE"]);
        Assert.DoesNotContain(_azure.AzdCalls, call => call.StartsWith("env set", StringComparison.Ordinal));
        Assert.Contains("WARNING: CONTEXT_CLEANUP_SCHEDULE (the old name of CONTEXT_SWEEP_SCHEDULE) is still set and is ignored: CONTEXT_SWEEP_SCHEDULE is '0 */10 * * * *'", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNewSweepScheduleNameAloneNeedsNoWarning()
    {
        var exitCode = await RunAsync(new Region(), ("CONTEXT_SWEEP_SCHEDULE", "0 */10 * * * *"));

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("WARNING", Output, StringComparison.Ordinal);
        Assert.Equal(["env get-values"], _azure.AzdCalls);
    }

    [Fact]
    public async Task AnAzdEnvironmentThatCannotBeReadStopsTheProvisioning()
    {
        var exitCode = await new PreprovisionCheck(new FailingAzd(), _output, _error).RunAsync(CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Equal($"preprovision: azd env get-values failed (exit code 3).{Environment.NewLine}", _error.ToString());
    }

    [Fact]
    public async Task AnInterruptedCheckEndsWithExitCode130()
    {
        _azure.Region = new Region();

        var exitCode = await new PreprovisionCheck(_azure, _output, _error).RunAsync(new CancellationToken(canceled: true));

        Assert.Equal(130, exitCode);
        Assert.Equal($"preprovision: interrupted.{Environment.NewLine}", _error.ToString());
    }

    private async Task<int> RunAsync(Region region, params (string Name, string Value)[] values)
    {
        _azure.Region = region;
        foreach (var (name, value) in values)
        {
            _azure.Values[name] = value;
        }

        return await new PreprovisionCheck(_azure, _output, _error).RunAsync(CancellationToken.None);
    }

    private sealed class FailingAzd : IProcessRunner
    {
        public Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, bool discardErrors, CancellationToken cancellationToken) =>
            Task.FromResult(new ProcessResult(true, 3, ""));
    }
}
