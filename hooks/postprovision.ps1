#!/usr/bin/env pwsh
# azd postprovision hook (Windows). After `azd provision` / `azd up`:
#  1. writes local.settings.json (repository root, where the Functions project reads it) so that a
#     local run (`func start`) uses the provisioned Cosmos DB account and Key Vault with your own
#     Microsoft Entra ID sign-in
#     (infra grants the deploying user Cosmos DB Data Contributor and Key Vault Secrets Officer);
#  2. when the azd environment value CONTEXT_FIRST_ACCOUNT is set, makes sure that LivePerson
#     account has an API key in the vault: `ContextAdmin --if-absent` creates one only when the
#     account's secret has no enabled version, so no `azd up`, from any machine, ever rotates a key.
# Creating the key never fails the deployment: a refusal (the deploying user's new Key Vault role can
# take minutes to apply) is retried for up to 10 minutes with a countdown; after that, the hook
# prints the command to run later and exits 0, so `azd up` goes on to deploy the app.
# Test knobs: CONTEXT_KEY_RETRY_SECONDS (retry budget, default 600), CONTEXT_KEY_RETRY_INTERVAL_SECONDS
# (pause between attempts, default 30). Same behaviour as hooks/postprovision.sh.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$repoRoot = Split-Path -Parent $PSScriptRoot
Set-Location $repoRoot

# --- read the azd environment (KEY="value" lines); no evaluation of its content ---------------
$envLines = azd env get-values
if ($LASTEXITCODE -ne 0) { throw 'postprovision: azd env get-values failed' }
$azdEnv = @{}
foreach ($line in $envLines) {
    if ($line -match '^([A-Za-z_][A-Za-z0-9_]*)=(.*)$') {
        $key = $Matches[1]
        $value = $Matches[2]
        if ($value -match '^"(.*)"$') { $value = $Matches[1] -replace '\\"', '"' -replace '\\\\', '\' }
        $azdEnv[$key] = $value
    }
}
function Get-AzdValue([string] $name) {
    if ($azdEnv.ContainsKey($name)) { return [string] $azdEnv[$name] } else { return '' }
}

$cosmosEndpoint = Get-AzdValue 'COSMOS_ENDPOINT'
$cosmosDatabase = Get-AzdValue 'COSMOS_DATABASE'
$cosmosContainer = Get-AzdValue 'COSMOS_CONTAINER'
$keyVaultUri = Get-AzdValue 'KEY_VAULT_URI'
$firstAccount = Get-AzdValue 'CONTEXT_FIRST_ACCOUNT'
$cleanupSchedule = Get-AzdValue 'CONTEXT_CLEANUP_SCHEDULE'
if (-not $cleanupSchedule) { $cleanupSchedule = '0 */5 * * * *' }

foreach ($name in 'COSMOS_ENDPOINT', 'COSMOS_DATABASE', 'COSMOS_CONTAINER', 'KEY_VAULT_URI') {
    if (-not (Get-AzdValue $name)) {
        Write-Error "postprovision: azd environment has no $name; was infra/main.bicep provisioned?"
        exit 1
    }
}

# --- 1. local.settings.json -------------------------------------------------------------------
$settingsPath = Join-Path $repoRoot 'local.settings.json'
$samplePath = Join-Path $repoRoot 'local.settings.sample.json'

# Merge into what is there (or the sample), keeping the developer's other values.
$settings = [ordered]@{ IsEncrypted = $false; Values = [ordered]@{} }
$basePath = if (Test-Path $settingsPath) { $settingsPath } elseif (Test-Path $samplePath) { $samplePath } else { $null }
if ($basePath) {
    $existing = Get-Content -Raw -Path $basePath | ConvertFrom-Json
    foreach ($property in $existing.PSObject.Properties) {
        if ($property.Name -eq 'Values') {
            foreach ($value in $property.Value.PSObject.Properties) { $settings.Values[$value.Name] = $value.Value }
        }
        elseif ($property.Name -ne 'IsEncrypted') {
            $settings[$property.Name] = $property.Value
        }
    }
}
$values = $settings.Values
# Emulator-only settings: Azure accepts Entra ID only, and infra creates the container.
foreach ($name in 'Cosmos__Key', 'Cosmos__CreateIfNotExists', 'Cosmos__AcceptEmulatorCertificate',
    'Cosmos__ManagedIdentityClientId', 'KeyVault__ManagedIdentityClientId') {
    $values.Remove($name)
}
if (-not $values.Contains('AzureWebJobsStorage')) { $values['AzureWebJobsStorage'] = 'UseDevelopmentStorage=true' }
$values['FUNCTIONS_WORKER_RUNTIME'] = 'dotnet-isolated'
$values['Cosmos__Endpoint'] = $cosmosEndpoint
$values['Cosmos__Database'] = $cosmosDatabase
$values['Cosmos__Container'] = $cosmosContainer
$values['KeyVault__Uri'] = $keyVaultUri
# The sweep schedule: a developer's own value stays, also one still under the old name CleanupSchedule,
# which the app no longer reads.
if (-not $values.Contains('Sweeper__Schedule')) {
    $sweepSchedule = if ($values.Contains('CleanupSchedule')) { $values['CleanupSchedule'] } else { $cleanupSchedule }
    $values['Sweeper__Schedule'] = $sweepSchedule
}
$values.Remove('CleanupSchedule')

$settings | ConvertTo-Json -Depth 10 | Set-Content -Path $settingsPath -Encoding utf8
Write-Host "postprovision: wrote $settingsPath (Cosmos DB $cosmosEndpoint, Key Vault $keyVaultUri)"

# --- 2. first API key (create-only) -------------------------------------------------------------
if (-not $firstAccount) { exit 0 }

# Two settings under which this machine cannot write to the vault, so the hook does not try (and wait 10 minutes):
# the private network (the vault refuses public traffic) and no data access for the deploying principal.
$privateNetwork = (Get-AzdValue 'CONTEXT_PRIVATE_NETWORK') -eq 'true'
$noDeployerDataAccess = (Get-AzdValue 'CONTEXT_DEPLOYER_DATA_ACCESS') -eq 'false'
if ($privateNetwork -or $noDeployerDataAccess) {
    $why = 'CONTEXT_DEPLOYER_DATA_ACCESS is false: the deploying principal holds no Key Vault role'
    if ($privateNetwork) { $why = 'CONTEXT_PRIVATE_NETWORK is true: the vault accepts only traffic from its private endpoint' }
    Write-Host "postprovision: the API key of account $firstAccount is not created from this machine: $why."
    Write-Host '  Create it from a machine that may write secrets to the vault (see infra/README.md, "Private network"):'
    Write-Host "    dotnet run --project src/ContextAdmin -- --vault $keyVaultUri --account $firstAccount --if-absent"
    exit 0
}

function Get-WholeSeconds([string] $value, [int] $default) {
    if ($value -match '^[0-9]+$') { return [int] $value } else { return $default }
}
$retryBudget = Get-WholeSeconds $env:CONTEXT_KEY_RETRY_SECONDS 600
$retryInterval = [Math]::Max(1, (Get-WholeSeconds $env:CONTEXT_KEY_RETRY_INTERVAL_SECONDS 30))

$laterCommand = "dotnet run --project src/ContextAdmin -- --vault $keyVaultUri --account $firstAccount --if-absent"
function Complete-WithoutKey([string] $reason) {
    # Never fails the deployment: says what happened and what to run later, then lets azd deploy.
    Write-Host "postprovision: WARNING: the API key of account $firstAccount was not created: $reason"
    Write-Host '  The resources are provisioned and azd goes on to deploy the app. Create the key later with:'
    Write-Host "    $laterCommand"
    Write-Host '  (or: azd hooks run postprovision). Either leaves an existing key alone.'
    exit 0
}
function Format-MinutesSeconds([int] $seconds) { return "$([Math]::Floor($seconds / 60)) min $($seconds % 60) s" }

dotnet build src/ContextAdmin --nologo --verbosity quiet
if ($LASTEXITCODE -ne 0) { Complete-WithoutKey 'src/ContextAdmin does not build here' }

$started = Get-Date
for ($attempt = 1; ; $attempt++) {
    dotnet run --no-build --project src/ContextAdmin -- --vault $keyVaultUri --account $firstAccount --if-absent
    if ($LASTEXITCODE -eq 0) { exit 0 }
    # Exit code 2: bad arguments (e.g. an invalid account id), which no retry mends.
    if ($LASTEXITCODE -eq 2) {
        Complete-WithoutKey 'ContextAdmin refused the arguments (is CONTEXT_FIRST_ACCOUNT a valid account id?)'
    }
    $left = $retryBudget - [int] ((Get-Date) - $started).TotalSeconds
    if ($left -le 0) {
        Complete-WithoutKey "Key Vault still refused after $attempt attempts over $(Format-MinutesSeconds $retryBudget)"
    }
    $pause = [Math]::Min($retryInterval, $left)
    Write-Host ("postprovision: attempt $attempt failed (a new Key Vault role can take minutes to apply); " +
        "retrying in $pause s, giving up in $(Format-MinutesSeconds $left)")
    Start-Sleep -Seconds $pause
}
