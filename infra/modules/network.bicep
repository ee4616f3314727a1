// The private network option (privateNetwork = true in main.bicep): one virtual network with a subnet
// delegated to Microsoft.App/environments for the Flex Consumption app's virtual network integration (its
// outbound traffic), a subnet for the private endpoints of Cosmos DB, Key Vault and the storage account's blob
// service, and one private DNS zone per service, linked to the network, so that their public names resolve to
// the private endpoints from inside it.

@description('Name of the virtual network.')
param name string

@description('Azure region.')
param location string

@description('Tags for the network and the DNS zones.')
param tags {
  *: string
} = {}

@description('Address space of the network. The app subnet is its first /24, the private endpoints\' subnet its second.')
param addressPrefix string = '10.40.0.0/16'

// Private DNS zones of the private endpoints (Azure public cloud names). Cosmos DB for NoSQL: documents;
// Key Vault: vaultcore (not the vault's own DNS suffix); the storage account: its blob service only, the one
// service the Functions host, the timer's leases and the deployment package use.
var cosmosZoneName = 'privatelink.documents.azure.com'
var keyVaultZoneName = 'privatelink.vaultcore.azure.net'
var blobZoneName = 'privatelink.blob.${environment().suffixes.storage}'
var zoneNames = [
  cosmosZoneName
  keyVaultZoneName
  blobZoneName
]

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          // Flex Consumption integrates with a subnet delegated to Microsoft.App/environments (not
          // Microsoft.Web/serverFarms as the other plans).
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
          // The app's outbound traffic to the internet (Application Insights ingestion) leaves through Azure's
          // default outbound access, which new subnets no longer get unless asked for. A fixed egress address
          // would need a NAT gateway (not deployed: see infra/README.md).
          defaultOutboundAccess: true
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
          defaultOutboundAccess: false
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: 'app'
  }

  resource privateEndpointSubnet 'subnets' existing = {
    name: 'private-endpoints'
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zoneName in zoneNames: {
    name: zoneName
    location: 'global'
    tags: tags
  }
]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zoneName, i) in zoneNames: {
    parent: zones[i]
    name: '${name}-link'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: network.id
      }
    }
  }
]

output id string = network.id
output appSubnetId string = network::appSubnet.id
output privateEndpointSubnetId string = network::privateEndpointSubnet.id
output cosmosZoneId string = zones[0].id
output keyVaultZoneId string = zones[1].id
output blobZoneId string = zones[2].id
