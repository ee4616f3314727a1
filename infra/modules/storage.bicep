// The function app's own storage (AzureWebJobsStorage and the Flex Consumption deployment package),
// reachable only with Microsoft Entra ID: shared keys are disabled. Only its blob service is used.

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the account.')
param tags {
  *: string
} = {}

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Name of the app\'s user-assigned managed identity, in this resource group.')
param appIdentityName string

@description('Zone-redundant storage (Standard_ZRS) instead of locally redundant (Standard_LRS).')
param zoneRedundant bool = false

@description('Refuse the public endpoint: the app reaches the blob service through its private endpoint only.')
param privateNetwork bool = false

// Built-in role: Storage Blob Data Owner, for the deployment package, the Functions host's own blobs and the
// timer trigger's blob leases. The app uses no queue or table (no queue trigger, no Durable Functions), so it has
// no Queue or Table Data role: AzureWebJobsStorage names the blob service only.
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: zoneRedundant ? 'Standard_ZRS' : 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: privateNetwork ? 'Disabled' : 'Enabled'
    supportsHttpsTrafficOnly: true
    networkAcls: privateNetwork
      ? {
          bypass: 'None'
          defaultAction: 'Deny'
        }
      : {
          bypass: 'AzureServices'
          defaultAction: 'Allow'
        }
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }
}

resource appBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appIdentity.id, storageBlobDataOwnerRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwnerRoleId)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
