#!/usr/bin/env pwsh
# azd preprovision hook (Windows). Same checks as hooks/preprovision.sh: before `azd provision` / `azd up` changes
# anything, compares the region's existing resources (resource group rg-<environment>) with the azd values and
# refuses, with what to do instead, the changes Azure cannot make in place:
#  - COSMOS_THROUGHPUT_MODE against the Cosmos DB account's capacity mode (serverless -> provisioned is a one-way
#    migration that Azure runs outside a deployment; provisioned -> serverless does not exist);
#  - COSMOS_THROUGHPUT_MODE=autoscale against a container left with manual throughput;
#  - CONTEXT_ZONE_REDUNDANT against the Cosmos DB account's zone redundancy and the storage account's redundancy.
# It also refuses a CONTEXT_ALERT_EMAIL that is not a list of e-mail addresses and a CONTEXT_LOG_DAILY_CAP_GB that is not
# a whole number from 0 to 1000, whatever the region, and says when no alert address is set.
# A new region passes. Without the Azure CLI, or signed out of it, the hook says that it could not check and passes.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$envLines = azd env get-values
if ($LASTEXITCODE -ne 0) { throw 'preprovision: azd env get-values failed' }
$azdEnv = @{}
foreach ($line in $envLines) {
    if ($line -match '^([A-Za-z_][A-Za-z0-9_]*)=(.*)$') {
        $value = $Matches[2]
        if ($value -match '^"(.*)"$') { $value = $Matches[1] -replace '\\"', '"' -replace '\\\\', '\' }
        $azdEnv[$Matches[1]] = $value
    }
}
function Get-AzdValue([string] $name, [string] $default = '') {
    if ($azdEnv.ContainsKey($name) -and $azdEnv[$name]) { return [string] $azdEnv[$name] } else { return $default }
}

$environmentName = Get-AzdValue 'AZURE_ENV_NAME'
$subscription = Get-AzdValue 'AZURE_SUBSCRIPTION_ID'
$mode = Get-AzdValue 'COSMOS_THROUGHPUT_MODE' 'serverless'
$zoneRedundant = (Get-AzdValue 'CONTEXT_ZONE_REDUNDANT' 'false').ToLowerInvariant()
$maxRu = Get-AzdValue 'COSMOS_AUTOSCALE_MAX_RU' '1000'
$resourceGroup = "rg-$environmentName"
$database = 'context'
$container = 'sessions'
$subscriptionArgs = @()
if ($subscription) { $subscriptionArgs = @('--subscription', $subscription) }

# Values checked first, with or without the Azure CLI: the template refuses them too, but only once azd has resolved
# the parameters; here the message names the azd value and says what it accepts.
$valueRefusals = New-Object System.Collections.Generic.List[string]
$alertEmail = Get-AzdValue 'CONTEXT_ALERT_EMAIL'
$logCap = Get-AzdValue 'CONTEXT_LOG_DAILY_CAP_GB'
if ($alertEmail) {
    foreach ($address in ($alertEmail -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })) {
        if ($address -notmatch '^[^@\s]+@[^@\s.][^@\s]*\.[^@\s]*[^@\s.]$') {
            $valueRefusals.Add("CONTEXT_ALERT_EMAIL: `"$address`" is not an e-mail address such as ops@example.com (separate several with commas).")
        }
    }
}
else {
    Write-Host 'preprovision: CONTEXT_ALERT_EMAIL is not set: the alerts fire in Azure Monitor but notify nobody (azd env set CONTEXT_ALERT_EMAIL ops@example.com).'
}
if ($logCap -and ($logCap -notmatch '^[0-9]+$' -or $logCap.TrimStart('0').Length -gt 4 -or [int] ('0' + $logCap.TrimStart('0')) -gt 1000)) {
    $valueRefusals.Add("CONTEXT_LOG_DAILY_CAP_GB is `"$logCap`": a whole number of GB from 0 (no cap) to 1000.")
}
if ($valueRefusals.Count -gt 0) {
    foreach ($refusal in $valueRefusals) { Write-Host "preprovision: REFUSED: $refusal" }
    Write-Host "preprovision: $($valueRefusals.Count) azd value(s) the deployment would refuse; nothing was changed."
    exit 1
}

function Skip([string] $reason) {
    Write-Host "preprovision: $reason; the capacity mode and zone redundancy of existing resources are not checked (Azure refuses a change it cannot make during the deployment)."
    exit 0
}
function Invoke-Az([string[]] $arguments) {
    # Returns the CLI's tsv output as one trimmed string; $null when the command fails.
    $output = & az @arguments @subscriptionArgs --output tsv 2>$null
    if ($LASTEXITCODE -ne 0) { return $null }
    return (($output | Out-String).Trim())
}

if (-not $environmentName) { Skip 'the azd environment has no AZURE_ENV_NAME' }
if (-not (Get-Command az -ErrorAction SilentlyContinue)) { Skip 'the Azure CLI (az) is not installed' }
& az account show @subscriptionArgs --output none 2>$null
if ($LASTEXITCODE -ne 0) { Skip 'the Azure CLI is not signed in (az login)' }

# The CLI prints JSON booleans as True/False in tsv output: compare them in lower case.
$exists = Invoke-Az @('group', 'exists', '--name', $resourceGroup)
if ("$exists".ToLowerInvariant() -ne 'true') {
    Write-Host "preprovision: $resourceGroup does not exist yet: a new region, nothing to compare."
    exit 0
}

$refusals = New-Object System.Collections.Generic.List[string]

$account = Invoke-Az @('cosmosdb', 'list', '--resource-group', $resourceGroup, '--query', '[0].name')
if ($account) {
    $capabilities = Invoke-Az @('cosmosdb', 'show', '--resource-group', $resourceGroup, '--name', $account, '--query', 'capabilities[].name')
    $currentMode = if (("$capabilities" -split '\s+') -contains 'EnableServerless') { 'serverless' } else { 'provisioned' }

    if ($currentMode -eq 'serverless' -and $mode -eq 'autoscale') {
        $refusals.Add(@"
Cosmos DB account $account is serverless and COSMOS_THROUGHPUT_MODE is autoscale.
  A deployment cannot change the capacity mode. Azure migrates a serverless account to provisioned throughput,
  one way (it cannot go back to serverless), in place and without downtime:
    1. az cosmosdb update --resource-group $resourceGroup --name $account --capacity-mode Provisioned
       (or the account's Overview in the portal: Change capacity mode). The container becomes manual throughput
       of (number of physical partitions x 5,000) RU/s, billed by the hour from then on.
    2. az cosmosdb sql container throughput migrate --resource-group $resourceGroup --account-name $account --database-name $database --name $container --throughput-type autoscale
    3. az cosmosdb sql container throughput update --resource-group $resourceGroup --account-name $account --database-name $database --name $container --max-throughput $maxRu
    4. azd provision (this check then passes).
  Or keep the account serverless: azd env set COSMOS_THROUGHPUT_MODE serverless
"@)
    }
    elseif ($currentMode -eq 'provisioned' -and $mode -eq 'serverless') {
        $refusals.Add(@"
Cosmos DB account $account has provisioned throughput and COSMOS_THROUGHPUT_MODE is serverless.
  A provisioned account cannot become serverless. Keep it provisioned: azd env set COSMOS_THROUGHPUT_MODE autoscale
"@)
    }
    elseif ($currentMode -eq 'provisioned' -and $mode -eq 'autoscale') {
        $autoscaleMax = Invoke-Az @('cosmosdb', 'sql', 'container', 'throughput', 'show', '--resource-group', $resourceGroup,
            '--account-name', $account, '--database-name', $database, '--name', $container,
            '--query', 'resource.autoscaleSettings.maxThroughput')
        if (-not $autoscaleMax) {
            $refusals.Add(@"
the container $database/$container of Cosmos DB account $account has manual throughput (as a migration from serverless leaves it) and COSMOS_THROUGHPUT_MODE is autoscale.
  A deployment cannot switch it. Switch it, then set its maximum:
    az cosmosdb sql container throughput migrate --resource-group $resourceGroup --account-name $account --database-name $database --name $container --throughput-type autoscale
    az cosmosdb sql container throughput update --resource-group $resourceGroup --account-name $account --database-name $database --name $container --max-throughput $maxRu
"@)
        }
    }

    $currentZone = "$(Invoke-Az @('cosmosdb', 'show', '--resource-group', $resourceGroup, '--name', $account, '--query', 'locations[0].isZoneRedundant'))".ToLowerInvariant()
    if ($currentZone -ne $zoneRedundant) {
        $refusals.Add(@"
Cosmos DB account $account has zone redundancy $currentZone and CONTEXT_ZONE_REDUNDANT is $zoneRedundant.
  Cosmos DB sets zone redundancy only when an account is created. Keep azd env set CONTEXT_ZONE_REDUNDANT $currentZone
  for this region, or build a new region (a new azd environment) with the value you want and move the data with
  ContextAdmin copy (README, "Moving from LivePerson").
"@)
    }
}

$wantedSku = if ($zoneRedundant -eq 'true') { 'Standard_ZRS' } else { 'Standard_LRS' }
$storage = Invoke-Az @('storage', 'account', 'list', '--resource-group', $resourceGroup, '--query', '[0].name')
if ($storage) {
    $currentSku = Invoke-Az @('storage', 'account', 'show', '--resource-group', $resourceGroup, '--name', $storage, '--query', 'sku.name')
    if ($currentSku -ne $wantedSku) {
        $refusals.Add(@"
storage account $storage is $currentSku and CONTEXT_ZONE_REDUNDANT=$zoneRedundant asks for $wantedSku.
  A deployment cannot convert it. Request the conversion (portal: the account's Redundancy setting, or
  az storage account migration start --resource-group $resourceGroup --account-name $storage --sku $wantedSku --no-wait),
  wait until the account reports $wantedSku, then run azd provision.
"@)
    }
}

if ($refusals.Count -gt 0) {
    foreach ($refusal in $refusals) { Write-Host "preprovision: REFUSED: $refusal" }
    Write-Host "preprovision: $($refusals.Count) change(s) that a deployment cannot make; nothing was changed."
    exit 1
}
Write-Host "preprovision: $resourceGroup matches COSMOS_THROUGHPUT_MODE=$mode and CONTEXT_ZONE_REDUNDANT=$zoneRedundant."
