// The Azure Functions app on the Flex Consumption plan (FC1, Linux, .NET isolated), running as a
// user-assigned managed identity. Every connection is identity-based: the app settings hold
// endpoints and client ids, never a key or a secret.

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the plan.')
param tags {
  *: string
} = {}

@description('azd service this app hosts (tag azd-service-name).')
param serviceName string = 'api'

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Name of the storage account for AzureWebJobsStorage.')
param storageAccountName string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUrl string

@description('Application Insights connection string (not a secret: it carries no credential, and the component accepts Entra ID only).')
param applicationInsightsConnectionString string

@description('Further app settings.')
param appSettings {
  *: string
} = {}

@description('Functions runtime stack.')
param runtimeName string = 'dotnet-isolated'

@description('Functions runtime stack version.')
param runtimeVersion string = '10.0'

@description('Most instances the app scales out to. Flex Consumption accepts 40 to 1000 (as Microsoft\'s Flex Consumption samples bound it).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Only settings Flex Consumption supports: no ftpsState (Flex Consumption has no FTP(S) and
    // lists the setting among those it does not support; Microsoft's Flex samples do not set it).
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }

  // Flex Consumption sets FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION itself and
  // refuses them as app settings.
  resource settings 'config' = {
    name: 'appsettings'
    properties: union(appSettings, {
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    })
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
