// Resource logs into the Log Analytics workspace, each in its own resource-specific table (Dedicated):
// Cosmos DB data-plane requests (CDBDataPlaneRequests) and RU consumption per logical partition key
// (CDBPartitionKeyRUConsumption), and Key Vault's audit events (AZKVAuditLogs). docs/operations.md queries them.

@description('Name of the Cosmos DB account, in this resource group.')
param cosmosAccountName string

@description('Name of the Key Vault, in this resource group.')
param keyVaultName string

@description('Resource id of the Log Analytics workspace.')
param workspaceId string

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2025-04-15' existing = {
  name: cosmosAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource cosmosLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: cosmos
  properties: {
    workspaceId: workspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        category: 'DataPlaneRequests'
        enabled: true
      }
      {
        category: 'PartitionKeyRUConsumption'
        enabled: true
      }
    ]
  }
}

resource vaultLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}
