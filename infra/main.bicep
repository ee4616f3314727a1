// Context Session Store: one azd environment per region (Americas, EMEA, APAC), each with its own
// resource group and its own data. Only local modules: CI has no access to a Bicep registry.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group and seeds the resource names.')
param environmentName string

@minLength(1)
@description('Region of every resource. Must offer the Azure Functions Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user or CI identity (AZURE_PRINCIPAL_ID). With deployerDataAccess it gets Cosmos DB data access and Key Vault Secrets Officer, for local runs and the first API key. Empty for none.')
param principalId string = ''

@description('Grant principalId the data-plane roles (Cosmos DB Built-in Data Contributor, Key Vault Secrets Officer): true for a developer\'s own environment, false for CI, whose identity then holds no standing access to the data.')
param deployerDataAccess bool = true

@description('Cosmos DB capacity: serverless (default) or autoscale provisioned throughput.')
@allowed([
  'serverless'
  'autoscale'
])
param cosmosThroughputMode string = 'serverless'

@description('Maximum RU/s of the sessions container when cosmosThroughputMode is autoscale.')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('NCRONTAB schedule of the expired-session sweep (six fields, seconds first), set as the app setting Sweeper__Schedule.')
param sweepSchedule string = '0 */5 * * * *'

@description('Private network option: a virtual network for the app\'s outbound traffic, private endpoints and private DNS zones for Cosmos DB, Key Vault and the storage account\'s blob service, and public network access disabled on those three. The app\'s own endpoint stays public.')
param privateNetwork bool = false

@description('Comma-separated address ranges (CIDR, e.g. 203.0.113.0/24) allowed to call the app; empty for any caller.')
param allowedIpRanges string = ''

@description('Zone redundancy: the Flex Consumption plan (with at least 2 always-ready instances), Cosmos DB (taken only when the account is created) and the storage account (Standard_ZRS).')
param zoneRedundant bool = false

@description('Always-ready instances for the HTTP functions (no cold start after idle; billed while idle). With zoneRedundant, at least 2.')
@minValue(0)
@maxValue(1000)
param alwaysReadyInstances int = 0

@description('Memory of each Flex Consumption instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

@description('Most instances the app scales out to (Flex Consumption accepts 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Most HTTP requests one instance handles at once before Flex Consumption adds an instance; 0 for the value the bench gives the instance size (see infra/README.md).')
@minValue(0)
@maxValue(1000)
param httpPerInstanceConcurrency int = 0

@description('Comma-separated e-mail addresses the alerts notify (an action group); empty: the alerts fire in Azure Monitor without notifying anyone.')
param alertEmail string = ''

@description('Daily ingestion cap of the Log Analytics workspace in GB (Application Insights included); 0 for no cap. Ingestion stops for the rest of the day (UTC) once it is reached.')
@minValue(0)
@maxValue(1000)
param logDailyCapGb int = 5

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
var cosmosDatabaseName = 'context'
var cosmosContainerName = 'sessions'
var networkName = '${abbrs.networkVirtualNetworks}${resourceToken}'

// Values that Azure would refuse only halfway through a deployment are refused before any resource changes:
// ARM evaluates these expressions when it validates the template (azd provision --preview and azd provision).
var checkedAutoscaleMaxThroughput = cosmosThroughputMode == 'autoscale' && cosmosAutoscaleMaxThroughput % 1000 != 0
  ? fail('COSMOS_AUTOSCALE_MAX_RU (cosmosAutoscaleMaxThroughput) is ${cosmosAutoscaleMaxThroughput}: autoscale maximum throughput must be a multiple of 1,000 RU/s (1000, 2000, ...)')
  : cosmosAutoscaleMaxThroughput
var checkedAllowedIpRanges = map(
  filter(map(split(allowedIpRanges, ','), range => trim(range)), range => !empty(range)),
  range => contains(range, '/')
    ? range
    : fail('CONTEXT_ALLOWED_IP_RANGES (allowedIpRanges): "${range}" is not an address range in CIDR form, such as 203.0.113.0/24 or 198.51.100.7/32')
)
var checkedAlertEmails = map(
  filter(map(split(alertEmail, ','), address => trim(address)), address => !empty(address)),
  address => length(split(address, '@')) == 2 && !empty(split(address, '@')[0]) && contains(split(address, '@')[1], '.') && !contains(address, ' ') && !startsWith(split(address, '@')[1], '.') && !endsWith(address, '.')
    ? address
    : fail('CONTEXT_ALERT_EMAIL (alertEmail): "${address}" is not an e-mail address such as ops@example.com')
)
// The sweep alert fires after three sweep intervals without a successful run: the interval comes from the
// NCRONTAB schedule (seconds minutes hours day month weekday) in the forms a sweep uses: every N minutes
// (`0 */N * * * *`), every minute, hourly (`0 M * * * *`), every N hours (`0 M */N * * *`), daily (`0 M H * * *`).
var sweepFields = filter(split(sweepSchedule, ' '), field => !empty(field))
var sweepMinuteField = length(sweepFields) == 6 ? sweepFields[1] : ''
var sweepHourField = length(sweepFields) == 6 ? sweepFields[2] : ''
var sweepMinuteIsNumber = !empty(sweepMinuteField) && empty(filter(map(range(0, length(sweepMinuteField)), i => substring(sweepMinuteField, i, 1)), c => !contains('0123456789', c)))
var sweepHourIsNumber = !empty(sweepHourField) && empty(filter(map(range(0, length(sweepHourField)), i => substring(sweepHourField, i, 1)), c => !contains('0123456789', c)))
var sweepStepIsNumber = {
  minute: startsWith(sweepMinuteField, '*/') && length(sweepMinuteField) > 2 && empty(filter(map(range(2, length(sweepMinuteField) - 2), i => substring(sweepMinuteField, i, 1)), c => !contains('0123456789', c)))
  hour: startsWith(sweepHourField, '*/') && length(sweepHourField) > 2 && empty(filter(map(range(2, length(sweepHourField) - 2), i => substring(sweepHourField, i, 1)), c => !contains('0123456789', c)))
}
var sweepIntervalMinutes = length(sweepFields) != 6 || sweepFields[3] != '*' || sweepFields[4] != '*' || sweepFields[5] != '*'
  ? fail('CONTEXT_SWEEP_SCHEDULE (sweepSchedule) is "${sweepSchedule}": the sweep alert needs six fields with * for day, month and weekday, such as 0 */5 * * * *')
  : sweepStepIsNumber.minute && sweepHourField == '*'
      ? int(substring(sweepMinuteField, 2))
      : sweepMinuteField == '*' && sweepHourField == '*'
          ? 1
          : sweepMinuteIsNumber && sweepHourField == '*'
              ? 60
              : sweepMinuteIsNumber && sweepStepIsNumber.hour
                  ? 60 * int(substring(sweepHourField, 2))
                  : sweepMinuteIsNumber && sweepHourIsNumber
                      ? 1440
                      : fail('CONTEXT_SWEEP_SCHEDULE (sweepSchedule) is "${sweepSchedule}": the sweep alert takes every N minutes (0 */N * * * *), hourly (0 M * * * *), every N hours (0 M */N * * *) or daily (0 M H * * *)')
// Three intervals; at least 15 minutes (request records reach the workspace minutes late), at most the 2 days a log
// alert looks back.
var sweepSilenceMinutes = min(2880, max(15, 3 * sweepIntervalMinutes))
// Zone-redundant Flex Consumption keeps at least two always-ready instances per scale group and bills them as
// always ready: the template says so instead of leaving it implicit.
var effectiveAlwaysReadyInstances = zoneRedundant ? max(2, alwaysReadyInstances) : alwaysReadyInstances
var checkedAlwaysReadyInstances = effectiveAlwaysReadyInstances > maximumInstanceCount
  ? fail('CONTEXT_ALWAYS_READY_INSTANCES (alwaysReadyInstances) is ${effectiveAlwaysReadyInstances}, more than CONTEXT_MAXIMUM_INSTANCES (maximumInstanceCount) ${maximumInstanceCount}')
  : effectiveAlwaysReadyInstances
// Per-instance HTTP concurrency for each instance size, from the bench (infra/README.md, "HTTP concurrency"):
// about 0.25, 1 and 2 vCPU at 512, 2048 and 4096 MB, 0.5-0.8 ms of worker CPU per request and 5-15 ms of Cosmos DB
// latency per request in Azure put an instance's CPU at its limit near 4, 16 and 32 requests in flight.
var benchHttpConcurrency = {
  '512': 4
  '2048': 16
  '4096': 32
}
var httpConcurrency = httpPerInstanceConcurrency > 0
  ? httpPerInstanceConcurrency
  : benchHttpConcurrency[string(instanceMemoryMB)]
var deployerWithDataAccess = deployerDataAccess ? principalId : ''

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  dependsOn: [
    identity
  ]
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    appIdentityName: identityName
    dailyCapGb: logDailyCapGb
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  dependsOn: [
    identity
  ]
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    appIdentityName: identityName
    zoneRedundant: zoneRedundant
    privateNetwork: privateNetwork
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  dependsOn: [
    identity
  ]
  params: {
    accountName: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
    containerName: cosmosContainerName
    throughputMode: cosmosThroughputMode
    autoscaleMaxThroughput: checkedAutoscaleMaxThroughput
    zoneRedundant: zoneRedundant
    privateNetwork: privateNetwork
    appIdentityName: identityName
    userPrincipalId: deployerWithDataAccess
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  dependsOn: [
    identity
  ]
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    appIdentityName: identityName
    userPrincipalId: deployerWithDataAccess
    privateNetwork: privateNetwork
  }
}

module network 'modules/network.bicep' = if (privateNetwork) {
  name: 'network'
  scope: rg
  params: {
    name: networkName
    location: location
    tags: tags
  }
}

module cosmosPrivateEndpoint 'modules/private-endpoint.bicep' = if (privateNetwork) {
  name: 'cosmos-private-endpoint'
  scope: rg
  params: {
    name: '${abbrs.networkPrivateEndpoints}cosmos-${resourceToken}'
    location: location
    tags: tags
    subnetId: network!.outputs.privateEndpointSubnetId
    targetId: cosmos.outputs.id
    groupId: 'Sql'
    privateDnsZoneId: network!.outputs.cosmosZoneId
  }
}

module keyVaultPrivateEndpoint 'modules/private-endpoint.bicep' = if (privateNetwork) {
  name: 'keyvault-private-endpoint'
  scope: rg
  params: {
    name: '${abbrs.networkPrivateEndpoints}kv-${resourceToken}'
    location: location
    tags: tags
    subnetId: network!.outputs.privateEndpointSubnetId
    targetId: keyVault.outputs.id
    groupId: 'vault'
    privateDnsZoneId: network!.outputs.keyVaultZoneId
  }
}

module blobPrivateEndpoint 'modules/private-endpoint.bicep' = if (privateNetwork) {
  name: 'blob-private-endpoint'
  scope: rg
  params: {
    name: '${abbrs.networkPrivateEndpoints}blob-${resourceToken}'
    location: location
    tags: tags
    subnetId: network!.outputs.privateEndpointSubnetId
    targetId: storage.outputs.id
    groupId: 'blob'
    privateDnsZoneId: network!.outputs.blobZoneId
  }
}

// Depends on every module above through their outputs, so the identity holds all its roles
// before the app first starts; with the private network, also on the private endpoints, so the app's first
// start already reaches Cosmos DB, Key Vault and its storage through them.
module api 'modules/function-app.bicep' = {
  name: 'api'
  scope: rg
  dependsOn: [
    cosmosPrivateEndpoint
    keyVaultPrivateEndpoint
    blobPrivateEndpoint
  ]
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyInstances: checkedAlwaysReadyInstances
    httpPerInstanceConcurrency: httpConcurrency
    zoneRedundant: zoneRedundant
    virtualNetworkSubnetId: privateNetwork ? network!.outputs.appSubnetId : ''
    allowedIpRanges: checkedAllowedIpRanges
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    appSettings: {
      Cosmos__Endpoint: cosmos.outputs.endpoint
      Cosmos__Database: cosmos.outputs.databaseName
      Cosmos__Container: cosmos.outputs.containerName
      Cosmos__ManagedIdentityClientId: identity.outputs.clientId
      KeyVault__Uri: keyVault.outputs.uri
      KeyVault__ManagedIdentityClientId: identity.outputs.clientId
      Sweeper__Schedule: sweepSchedule
    }
  }
}

module diagnostics 'modules/diagnostics.bicep' = {
  name: 'diagnostics'
  scope: rg
  params: {
    cosmosAccountName: cosmos.outputs.accountName
    keyVaultName: keyVault.outputs.name
    workspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    resourceToken: resourceToken
    location: location
    tags: tags
    alertEmails: checkedAlertEmails
    workspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    cosmosAccountId: cosmos.outputs.id
    provisionedThroughput: cosmosThroughputMode != 'serverless'
    appUri: api.outputs.uri
    sweepSilenceMinutes: sweepSilenceMinutes
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    location: location
    tags: tags
    displayName: 'Context API (${environmentName})'
    workspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmos.outputs.databaseName
output COSMOS_CONTAINER string = cosmos.outputs.containerName
output KEY_VAULT_URI string = keyVault.outputs.uri
output KEY_VAULT_NAME string = keyVault.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
