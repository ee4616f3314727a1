#!/usr/bin/env pwsh
# azd postprovision hook (Windows). After `azd provision` / `azd up`:
#  1. writes local.settings.json (repository root, where the Functions project reads it) so that a
#     local run (`func start`) uses the provisioned Cosmos DB account and Key Vault with your own
#     Microsoft Entra ID sign-in
#     (infra grants the deploying user Cosmos DB Data Contributor and Key Vault Secrets Officer);
#  2. when the azd environment value CONTEXT_FIRST_ACCOUNT is set, creates the first API key of
#     that LivePerson account in the vault, once per account and vault.
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
$firstKeyCreated = Get-AzdValue 'CONTEXT_FIRST_KEY_CREATED'
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
if (-not $values.Contains('CleanupSchedule')) { $values['CleanupSchedule'] = $cleanupSchedule }

$settings | ConvertTo-Json -Depth 10 | Set-Content -Path $settingsPath -Encoding utf8
Write-Host "postprovision: wrote $settingsPath (Cosmos DB $cosmosEndpoint, Key Vault $keyVaultUri)"

# --- 2. first API key ---------------------------------------------------------------------------
if (-not $firstAccount) { exit 0 }
$marker = "$firstAccount@$keyVaultUri"
if ($firstKeyCreated -eq $marker) {
    Write-Host "postprovision: the API key of account $firstAccount already exists in $keyVaultUri; not regenerating it."
    exit 0
}

# The Key Vault Secrets Officer role of the deploying user was just assigned and can take a few
# minutes to take effect, so a refusal is retried.
for ($attempt = 1; ; $attempt++) {
    dotnet run --project src/ContextKeys -- --vault $keyVaultUri --account $firstAccount
    if ($LASTEXITCODE -eq 0) {
        azd env set CONTEXT_FIRST_KEY_CREATED $marker
        exit 0
    }
    # Exit code 2: bad arguments (e.g. an invalid account id), which no retry mends.
    if ($LASTEXITCODE -eq 2 -or $attempt -ge 5) {
        Write-Host "postprovision: could not create the API key of account $firstAccount."
        Write-Host '  The resources are provisioned. Retry with: azd hooks run postprovision'
        Write-Host "  or: dotnet run --project src/ContextKeys -- --vault $keyVaultUri --account $firstAccount"
        exit 1
    }
    Write-Host "postprovision: attempt $attempt failed (role assignments can take minutes to apply); retrying in 30 s"
    Start-Sleep -Seconds 30
}
