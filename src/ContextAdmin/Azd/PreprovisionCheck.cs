using ContextAdmin.CommandLine;

namespace ContextAdmin.Azd;

/// <summary>
/// The azd preprovision hook (<c>context-admin azd preprovision</c>). Before <c>azd provision</c> / <c>azd up</c>
/// changes anything, it carries the sweep schedule's old azd value name over to the new one, then compares the
/// region's existing resources (resource group rg-&lt;environment&gt;) with the azd values and refuses, with what to do
/// instead, the changes Azure cannot make in place and would refuse only halfway through a deployment:
/// <list type="bullet">
/// <item>COSMOS_THROUGHPUT_MODE against the Cosmos DB account's capacity mode: serverless to provisioned is a one-way
/// migration that Azure runs outside a deployment; provisioned to serverless does not exist.</item>
/// <item>COSMOS_THROUGHPUT_MODE=autoscale against a container left with manual throughput (as that migration leaves it).</item>
/// <item>CONTEXT_ZONE_REDUNDANT against the Cosmos DB account's zone redundancy (set only when an account is created)
/// and the storage account's redundancy (LRS to ZRS is a conversion Azure runs outside a deployment).</item>
/// </list>
/// First of all (before that carry-over and before any az call), it refuses a CONTEXT_ALERT_EMAIL that is not a list of e-mail addresses and
/// a CONTEXT_LOG_DAILY_CAP_GB that is not a whole number from 0 to 1000 (<see cref="MonitoringValues"/>), and says when
/// no alert address is set.
/// A new region (no resource group yet) passes. Without the Azure CLI, or signed out of it, the hook says that it
/// could not check and passes: Azure then refuses such a change itself, during the deployment. It only reads from Azure.
/// </summary>
public sealed class PreprovisionCheck(IProcessRunner runner, TextWriter output, TextWriter error)
{
    private const string Database = "context";
    private const string Container = "sessions";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CheckAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AzdHookException e)
        {
            await error.WriteLineAsync($"preprovision: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("preprovision: interrupted.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
    }

    private async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var values = await AzdValues.ReadAsync(runner, cancellationToken).ConfigureAwait(false);
        if (!await CheckMonitoringValuesAsync(values).ConfigureAwait(false))
        {
            return 1;
        }

        await CarryOverSweepScheduleAsync(values, cancellationToken).ConfigureAwait(false);

        var environmentName = values.Get("AZURE_ENV_NAME");
        var mode = values.Get("COSMOS_THROUGHPUT_MODE", "serverless");
        var zoneRedundant = values.Get("CONTEXT_ZONE_REDUNDANT", "false").ToLowerInvariant();
        var maxRu = values.Get("COSMOS_AUTOSCALE_MAX_RU", "1000");
        var group = $"rg-{environmentName}";
        var az = new AzureCli(runner, values.Get("AZURE_SUBSCRIPTION_ID"));

        if (environmentName.Length == 0)
        {
            return await SkipAsync("the azd environment has no AZURE_ENV_NAME").ConfigureAwait(false);
        }

        var signedIn = await az.AccountShowAsync(cancellationToken).ConfigureAwait(false);
        if (!signedIn.Found)
        {
            return await SkipAsync("the Azure CLI (az) is not installed").ConfigureAwait(false);
        }

        if (signedIn.ExitCode != 0)
        {
            return await SkipAsync("the Azure CLI is not signed in (az login)").ConfigureAwait(false);
        }

        var exists = await az.QueryAsync(["group", "exists", "--name", group], cancellationToken).ConfigureAwait(false);
        if (!exists.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            await output.WriteLineAsync($"preprovision: {group} does not exist yet: a new region, nothing to compare.").ConfigureAwait(false);
            return 0;
        }

        var refusals = new List<string>();
        var account = await az.QueryAsync(["cosmosdb", "list", "--resource-group", group, "--query", "[0].name"], cancellationToken).ConfigureAwait(false);
        if (account.Length > 0)
        {
            var capabilities = await az.QueryAsync(["cosmosdb", "show", "--resource-group", group, "--name", account, "--query", "capabilities[].name"], cancellationToken).ConfigureAwait(false);
            var serverless = capabilities.Split('\n').Any(line => line.Trim() == "EnableServerless");
            if (serverless && mode == "autoscale")
            {
                refusals.Add($"""
                    Cosmos DB account {account} is serverless and COSMOS_THROUGHPUT_MODE is autoscale.
                      A deployment cannot change the capacity mode. Azure migrates a serverless account to provisioned throughput,
                      one way (it cannot go back to serverless), in place and without downtime:
                        1. az cosmosdb update --resource-group {group} --name {account} --capacity-mode Provisioned
                           (or the account's Overview in the portal: Change capacity mode). The container becomes manual throughput
                           of (number of physical partitions x 5,000) RU/s, billed by the hour from then on.
                        2. az cosmosdb sql container throughput migrate --resource-group {group} --account-name {account} --database-name {Database} --name {Container} --throughput-type autoscale
                        3. az cosmosdb sql container throughput update --resource-group {group} --account-name {account} --database-name {Database} --name {Container} --max-throughput {maxRu}
                        4. azd provision (this check then passes).
                      Or keep the account serverless: azd env set COSMOS_THROUGHPUT_MODE serverless
                    """);
            }
            else if (!serverless && mode == "serverless")
            {
                refusals.Add($"""
                    Cosmos DB account {account} has provisioned throughput and COSMOS_THROUGHPUT_MODE is serverless.
                      A provisioned account cannot become serverless. Keep it provisioned: azd env set COSMOS_THROUGHPUT_MODE autoscale
                    """);
            }
            else if (!serverless && mode == "autoscale")
            {
                var autoscaleMax = await az.QueryOrEmptyAsync(
                    ["cosmosdb", "sql", "container", "throughput", "show", "--resource-group", group, "--account-name", account,
                     "--database-name", Database, "--name", Container, "--query", "resource.autoscaleSettings.maxThroughput"],
                    cancellationToken).ConfigureAwait(false);
                if (autoscaleMax.Length == 0)
                {
                    refusals.Add($"""
                        the container {Database}/{Container} of Cosmos DB account {account} has manual throughput (as a migration from serverless leaves it) and COSMOS_THROUGHPUT_MODE is autoscale.
                          A deployment cannot switch it. Switch it, then set its maximum:
                            az cosmosdb sql container throughput migrate --resource-group {group} --account-name {account} --database-name {Database} --name {Container} --throughput-type autoscale
                            az cosmosdb sql container throughput update --resource-group {group} --account-name {account} --database-name {Database} --name {Container} --max-throughput {maxRu}
                        """);
                }
            }

            var currentZone = (await az.QueryAsync(["cosmosdb", "show", "--resource-group", group, "--name", account, "--query", "locations[0].isZoneRedundant"], cancellationToken).ConfigureAwait(false))
                .ToLowerInvariant();
            if (currentZone != zoneRedundant)
            {
                refusals.Add($"""
                    Cosmos DB account {account} has zone redundancy {currentZone} and CONTEXT_ZONE_REDUNDANT is {zoneRedundant}.
                      Cosmos DB sets zone redundancy only when an account is created. Keep azd env set CONTEXT_ZONE_REDUNDANT {currentZone}
                      for this region, or build a new region (a new azd environment) with the value you want and move the data with
                      context-admin copy (docs/migration.md).
                    """);
            }
        }

        var wantedSku = zoneRedundant == "true" ? "Standard_ZRS" : "Standard_LRS";
        var storage = await az.QueryAsync(["storage", "account", "list", "--resource-group", group, "--query", "[0].name"], cancellationToken).ConfigureAwait(false);
        if (storage.Length > 0)
        {
            var currentSku = await az.QueryAsync(["storage", "account", "show", "--resource-group", group, "--name", storage, "--query", "sku.name"], cancellationToken).ConfigureAwait(false);
            if (currentSku != wantedSku)
            {
                refusals.Add($"""
                    storage account {storage} is {currentSku} and CONTEXT_ZONE_REDUNDANT={zoneRedundant} asks for {wantedSku}.
                      A deployment cannot convert it. Request the conversion (portal: the account's Redundancy setting, or
                      az storage account migration start --resource-group {group} --account-name {storage} --sku {wantedSku} --no-wait),
                      wait until the account reports {wantedSku}, then run azd provision.
                    """);
            }
        }

        if (refusals.Count > 0)
        {
            foreach (var refusal in refusals)
            {
                await error.WriteLineAsync($"preprovision: REFUSED: {refusal}").ConfigureAwait(false);
            }

            await error.WriteLineAsync($"preprovision: {refusals.Count} change(s) that a deployment cannot make; nothing was changed.").ConfigureAwait(false);
            return 1;
        }

        await output.WriteLineAsync($"preprovision: {group} matches COSMOS_THROUGHPUT_MODE={mode} and CONTEXT_ZONE_REDUNDANT={zoneRedundant}.").ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Refuses the alert addresses and daily log cap the deployment would refuse, with or without the Azure CLI and before
    /// anything is changed (the azd environment included), and says when no alert address is set.
    /// </summary>
    private async Task<bool> CheckMonitoringValuesAsync(AzdValues values)
    {
        if (!values.IsSet(MonitoringValues.AlertEmail))
        {
            await output.WriteLineAsync(
                $"preprovision: {MonitoringValues.AlertEmail} is not set: the alerts fire in Azure Monitor but notify nobody "
                + $"(azd env set {MonitoringValues.AlertEmail} ops@example.com).").ConfigureAwait(false);
        }

        var refusals = MonitoringValues.Refusals(values);
        foreach (var refusal in refusals)
        {
            await error.WriteLineAsync($"preprovision: REFUSED: {refusal}").ConfigureAwait(false);
        }

        if (refusals.Count > 0)
        {
            await error.WriteLineAsync($"preprovision: {refusals.Count} azd value(s) the deployment would refuse; nothing was changed.").ConfigureAwait(false);
        }

        return refusals.Count == 0;
    }

    /// <summary>
    /// CONTEXT_CLEANUP_SCHEDULE alone: its value becomes CONTEXT_SWEEP_SCHEDULE, which infra/main.parameters.json
    /// reads (azd reloads the environment after a hook, before it resolves the parameters).
    /// </summary>
    private async Task CarryOverSweepScheduleAsync(AzdValues values, CancellationToken cancellationToken)
    {
        var schedule = SweepSchedule.Of(values);
        if (schedule.Source == SweepScheduleSource.OldName)
        {
            await AzdValues.SetAsync(runner, SweepSchedule.Name, schedule.Value!, cancellationToken).ConfigureAwait(false);
            await error.WriteLineAsync(
                $"preprovision: WARNING: {SweepSchedule.OldName} is the old name of {SweepSchedule.Name}: its value '{schedule.Value}' "
                + $"is now also set as {SweepSchedule.Name} (azd env set), which infra reads. Remove {SweepSchedule.OldName} "
                + "from the environment (.azure/<environment>/.env, or the variable of a workflow) once nothing sets it.").ConfigureAwait(false);
        }
        else if (schedule.Source == SweepScheduleSource.NameWithOldNameAlsoSet)
        {
            await error.WriteLineAsync(
                $"preprovision: WARNING: {SweepSchedule.OldName} (the old name of {SweepSchedule.Name}) is still set and is ignored: "
                + $"{SweepSchedule.Name} is '{schedule.Value}'. Remove {SweepSchedule.OldName} from the environment "
                + "(.azure/<environment>/.env, or the variable of a workflow).").ConfigureAwait(false);
        }
    }

    private async Task<int> SkipAsync(string reason)
    {
        await output.WriteLineAsync($"preprovision: {reason}; the capacity mode and zone redundancy of existing resources are not checked (Azure refuses a change it cannot make during the deployment).").ConfigureAwait(false);
        return 0;
    }
}
