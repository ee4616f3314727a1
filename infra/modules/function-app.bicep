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

@description('Blob service endpoint of the storage account for AzureWebJobsStorage (the host uses no queue or table).')
param storageBlobEndpoint string

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

@description('Instances kept running for the HTTP functions (the "http" group), billed while idle. 0: scale to zero.')
@minValue(0)
@maxValue(1000)
param alwaysReadyInstances int = 0

@description('Most HTTP requests one instance handles at once before Flex Consumption adds an instance.')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int

@description('Spread the plan\'s instances over availability zones.')
param zoneRedundant bool = false

@description('Resource id of the subnet (delegated to Microsoft.App/environments) the app\'s outbound traffic goes through; empty for none.')
param virtualNetworkSubnetId string = ''

@description('Address ranges (CIDR) allowed to call the app; empty for any. The app\'s endpoint stays public either way.')
param allowedIpRanges string[] = []

// With allowed ranges, the availability test's agents (service tag ApplicationInsightsAvailability) may call too:
// otherwise GET /readyz would fail from every test location and the availability alert would fire for good.
var accessRules = empty(allowedIpRanges)
  ? []
  : concat(
      map(range(0, length(allowedIpRanges)), i => {
        name: 'allowed-${i + 1}'
        ipAddress: allowedIpRanges[i]
        action: 'Allow'
        priority: 100 + i
      }),
      [
        {
          name: 'availability-tests'
          ipAddress: 'ApplicationInsightsAvailability'
          tag: 'ServiceTag'
          action: 'Allow'
          priority: 100 + length(allowedIpRanges)
        }
      ]
    )

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
    zoneRedundant: zoneRedundant
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
    // LivePerson Functions call the app over the internet: its endpoint stays public, with the private
    // network option too; allowedIpRanges narrows who may call it.
    publicNetworkAccess: 'Enabled'
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    // Only settings Flex Consumption supports: no ftpsState (Flex Consumption has no FTP(S) and
    // lists the setting among those it does not support; Microsoft's Flex samples do not set it).
    siteConfig: {
      minTlsVersion: '1.2'
      ipSecurityRestrictions: accessRules
      ipSecurityRestrictionsDefaultAction: empty(allowedIpRanges) ? 'Allow' : 'Deny'
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
        // All HTTP-triggered functions scale together as the group "http"; the timer is its own group and has
        // no always-ready instance.
        alwaysReady: alwaysReadyInstances == 0
          ? []
          : [
              {
                name: 'http'
                instanceCount: alwaysReadyInstances
              }
            ]
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
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
      AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    })
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
