using ContextAdmin.CommandLine;

namespace ContextAdmin.Azd;

/// <summary>
/// The azd postprovision hook (<c>context-admin azd postprovision</c>). After <c>azd provision</c> / <c>azd up</c>:
/// <list type="number">
/// <item>writes local.settings.json (<see cref="LocalSettingsFile"/>); infra grants the deploying user Cosmos DB Data
/// Contributor and Key Vault Secrets Officer, so a local run works with the developer's own sign-in;</item>
/// <item>when the azd value CONTEXT_FIRST_ACCOUNT is set, makes sure that account has an API key in the vault
/// (<see cref="FirstApiKey"/>), unless this machine cannot write to the vault (the private network, or no data access
/// for the deploying principal): then it prints the command to run from a machine that can.</item>
/// </list>
/// Exit code 1 only when the azd environment lacks a value provisioning sets, or local.settings.json cannot be read.
/// </summary>
/// <param name="root">The repository root, where local.settings.json goes (the hook's working directory).</param>
/// <param name="processEnvironment">The process environment, for the retry knobs of <see cref="RetryKnobs"/>.</param>
public sealed class PostprovisionSteps(
    IProcessRunner runner,
    Func<IReadOnlyList<string>, CancellationToken, Task<int>> runKeyCommand,
    TimeProvider time,
    Func<string, string?> processEnvironment,
    string root,
    TextWriter output,
    TextWriter error)
{
    private static readonly string[] Required = ["COSMOS_ENDPOINT", "COSMOS_DATABASE", "COSMOS_CONTAINER", "KEY_VAULT_URI"];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RunStepsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AzdHookException e)
        {
            await error.WriteLineAsync($"postprovision: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("postprovision: interrupted.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
    }

    private async Task<int> RunStepsAsync(CancellationToken cancellationToken)
    {
        var values = await AzdValues.ReadAsync(runner, cancellationToken).ConfigureAwait(false);
        foreach (var name in Required)
        {
            if (!values.IsSet(name))
            {
                await error.WriteLineAsync($"postprovision: azd environment has no {name}; was infra/main.bicep provisioned?").ConfigureAwait(false);
                return 1;
            }
        }

        var vaultUri = values.Get("KEY_VAULT_URI");
        var cosmosEndpoint = values.Get("COSMOS_ENDPOINT");
        var schedule = SweepSchedule.Of(values);
        if (schedule.Source == SweepScheduleSource.OldName)
        {
            await error.WriteLineAsync(
                $"postprovision: WARNING: {SweepSchedule.OldName} is the old name of {SweepSchedule.Name}; using its value '{schedule.Value}'. "
                + $"Rename it: azd env set {SweepSchedule.Name} '{schedule.Value}'").ConfigureAwait(false);
        }

        LocalSettingsFile.Write(root, new LocalSettingsFile.AzureResources(
            cosmosEndpoint, values.Get("COSMOS_DATABASE"), values.Get("COSMOS_CONTAINER"), vaultUri, schedule.Value ?? SweepSchedule.Default));
        await output.WriteLineAsync($"postprovision: wrote {LocalSettingsFile.FileName} (Cosmos DB {cosmosEndpoint}, Key Vault {vaultUri})").ConfigureAwait(false);

        var account = values.Get("CONTEXT_FIRST_ACCOUNT");
        if (account.Length == 0)
        {
            return 0;
        }

        // Two settings under which this machine cannot write to the vault, so the hook does not try (and wait 10 minutes):
        // the private network (the vault refuses public traffic) and no data access for the deploying principal.
        var privateNetwork = values.Get("CONTEXT_PRIVATE_NETWORK").Equals("true", StringComparison.OrdinalIgnoreCase);
        var noDeployerDataAccess = values.Get("CONTEXT_DEPLOYER_DATA_ACCESS").Equals("false", StringComparison.OrdinalIgnoreCase);
        if (privateNetwork || noDeployerDataAccess)
        {
            var why = privateNetwork
                ? "CONTEXT_PRIVATE_NETWORK is true: the vault accepts only traffic from its private endpoint"
                : "CONTEXT_DEPLOYER_DATA_ACCESS is false: the deploying principal holds no Key Vault role";
            await error.WriteLineAsync($"postprovision: the API key of account {account} is not created from this machine: {why}.").ConfigureAwait(false);
            await error.WriteLineAsync("  Create it from a machine that may write secrets to the vault (see infra/README.md, \"Private network\"):").ConfigureAwait(false);
            await error.WriteLineAsync($"    {FirstApiKey.LaterCommand(vaultUri, account)}").ConfigureAwait(false);
            return 0;
        }

        var knobs = RetryKnobs.From(processEnvironment);
        await new FirstApiKey(runKeyCommand, time, output, error) { RetryBudget = knobs.Budget, RetryInterval = knobs.Interval }
            .RunAsync(vaultUri, account, cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
