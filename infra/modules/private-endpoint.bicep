// A private endpoint for one sub-resource (group) of a resource, in the private endpoints' subnet, with the DNS
// zone group that writes its A record into the service's private DNS zone.

@description('Name of the private endpoint.')
param name string

@description('Azure region.')
param location string

@description('Tags for the endpoint.')
param tags {
  *: string
} = {}

@description('Resource id of the subnet the endpoint\'s network interface is placed in.')
param subnetId string

@description('Resource id of the resource the endpoint connects to.')
param targetId string

@description('Sub-resource of the target: Sql (Cosmos DB for NoSQL), vault (Key Vault), blob (storage).')
@allowed([
  'Sql'
  'vault'
  'blob'
])
param groupId string

@description('Resource id of the private DNS zone for that sub-resource.')
param privateDnsZoneId string

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: targetId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }

  resource zoneGroup 'privateDnsZoneGroups' = {
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: groupId
          properties: {
            privateDnsZoneId: privateDnsZoneId
          }
        }
      ]
    }
  }
}

output id string = endpoint.id
