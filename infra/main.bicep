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

@description('Object id of the deploying user (AZURE_PRINCIPAL_ID): gets Cosmos DB data access and Key Vault Secrets Officer for local runs and the first API key. Empty for none.')
param principalId string = ''

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
param cleanupSchedule string = '0 */5 * * * *'

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
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    appIdentityName: identityName
    userPrincipalId: principalId
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
    userPrincipalId: principalId
  }
}

// Depends on every module above through their outputs, so the identity holds all its roles
// before the app first starts.
module api 'modules/function-app.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    appSettings: {
      Cosmos__Endpoint: cosmos.outputs.endpoint
      Cosmos__Database: cosmos.outputs.databaseName
      Cosmos__Container: cosmos.outputs.containerName
      Cosmos__ManagedIdentityClientId: identity.outputs.clientId
      KeyVault__Uri: keyVault.outputs.uri
      KeyVault__ManagedIdentityClientId: identity.outputs.clientId
      Sweeper__Schedule: cleanupSchedule
    }
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
