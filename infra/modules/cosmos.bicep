// Cosmos DB for NoSQL: one database, one container partitioned by the hierarchical key
// [/accountId, /namespace, /sessionId]. Key authentication is disabled; the app identity (and the
// deploying user, for local runs against Azure) get the built-in Data Contributor data-plane role.

@description('Name of the Cosmos DB account (3-44 lowercase letters, digits and hyphens).')
@minLength(3)
@maxLength(44)
param accountName string

@description('Azure region.')
param location string

@description('Tags for the account.')
param tags {
  *: string
} = {}

@description('Database name (Cosmos__Database).')
param databaseName string = 'context'

@description('Container name (Cosmos__Container).')
param containerName string = 'sessions'

@description('serverless: pay per request (default). autoscale: provisioned throughput on the container that scales between 10% and 100% of cosmosAutoscaleMaxThroughput.')
@allowed([
  'serverless'
  'autoscale'
])
param throughputMode string = 'serverless'

@description('Maximum RU/s of the container when throughputMode is autoscale (1000 or more, in steps of 1000).')
@minValue(1000)
param autoscaleMaxThroughput int = 1000

@description('Zone-redundant account (isZoneRedundant on its one location). Cosmos DB takes it only when the account is created.')
param zoneRedundant bool = false

@description('Refuse the public endpoint: the app reaches the account through its private endpoint only.')
param privateNetwork bool = false

@description('Name of the app\'s user-assigned managed identity, in this resource group.')
param appIdentityName string

@description('Principal id of the deploying user; empty for none.')
param userPrincipalId string = ''

// Built-in data-plane role: Cosmos DB Built-in Data Contributor.
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'
var serverless = throughputMode == 'serverless'

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-04-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: zoneRedundant
      }
    ]
    capabilities: serverless ? [{ name: 'EnableServerless' }] : []
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: privateNetwork ? 'Disabled' : 'Enabled'
    // Point-in-time restore to any second of the last 7 days (no charge for the backup itself; a restore
    // is charged per GB restored). Supported by serverless and provisioned accounts alike: see infra/README.md.
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: 'Continuous7Days'
      }
    }
  }

  resource database 'sqlDatabases' = {
    name: databaseName
    properties: {
      resource: {
        id: databaseName
      }
    }

    resource container 'containers' = {
      name: containerName
      properties: {
        resource: {
          id: containerName
          partitionKey: {
            paths: [
              '/accountId'
              '/namespace'
              '/sessionId'
            ]
            kind: 'MultiHash'
            version: 2
          }
          // Cosmos DB's own TTL, on with no default: a session document expires by the ttl it carries
          // (seconds to its expiry), and is hidden at once and removed with spare throughput. Documents
          // without ttl (namespaces, sessions that never expire) stay. See docs/expiry.md.
          defaultTtl: -1
          // Queries filter on accountId/namespace/kind, ttlSecond > 0 and ranges of expiresAt, and
          // order by sessionId: all single-path indexes. Properties are only point-read, so they
          // are not indexed (cheaper writes).
          indexingPolicy: {
            indexingMode: 'consistent'
            automatic: true
            includedPaths: [
              {
                path: '/*'
              }
            ]
            excludedPaths: [
              {
                path: '/properties/?'
              }
              {
                path: '/"_etag"/?'
              }
            ]
          }
        }
        options: serverless
          ? {}
          : {
              autoscaleSettings: {
                maxThroughput: autoscaleMaxThroughput
              }
            }
      }
    }
  }
}

// Cosmos DB refuses concurrent control-plane operations on one account ("another operation is in
// progress"), so the role assignments follow the container and each other instead of running in
// parallel with them.
resource appDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-04-15' = {
  parent: account
  dependsOn: [
    account::database::container
  ]
  name: guid(account.id, appIdentity.id, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: appIdentity.properties.principalId
    scope: account.id
  }
}

resource userDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-04-15' = if (!empty(userPrincipalId)) {
  parent: account
  dependsOn: [
    account::database::container
    appDataContributor
  ]
  name: guid(account.id, userPrincipalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: userPrincipalId
    scope: account.id
  }
}

output accountName string = account.name
output id string = account.id
output endpoint string = account.properties.documentEndpoint
output databaseName string = account::database.name
output containerName string = account::database::container.name
