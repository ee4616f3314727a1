// An Azure Monitor workbook over the Log Analytics workspace: per operation of the API (the request records'
// name, which is the function's name) its rate, latency and errors; Cosmos DB request units from the data-plane
// request log (per Cosmos DB operation and per account, the first component of the partition key); Key Vault reads.

@description('Azure region.')
param location string

@description('Tags for the workbook.')
param tags {
  *: string
} = {}

@description('Name shown in the portal.')
param displayName string

@description('Resource id of the Log Analytics workspace the queries run against.')
param workspaceId string

@description('Names of the request records that are no operation of the contract: the readiness probe and the sweep timer.')
param nonOperationRequestNames string[] = [
  'CheckReadiness'
  'SweepExpiredSessions'
]

var operations = 'AppRequests\n| where Name !in (${join(map(nonOperationRequestNames, name => '"${name}"'), ', ')})'

var queries = [
  {
    name: 'rate'
    title: 'Requests per operation (per 5 minutes)'
    visualization: 'timechart'
    query: '${operations}\n| summarize Requests = count() by Name, bin(TimeGenerated, 5m)'
  }
  {
    name: 'latency'
    title: 'Latency per operation (ms)'
    visualization: 'table'
    query: '${operations}\n| summarize Requests = count(), P50 = percentile(DurationMs, 50), P95 = percentile(DurationMs, 95), P99 = percentile(DurationMs, 99) by Name\n| order by P95 desc'
  }
  {
    name: 'latency-p95'
    title: 'p95 latency per operation (ms, per 5 minutes)'
    visualization: 'timechart'
    query: '${operations}\n| summarize P95 = percentile(DurationMs, 95) by Name, bin(TimeGenerated, 5m)'
  }
  {
    name: 'errors'
    title: 'Errors per operation'
    visualization: 'table'
    query: '${operations}\n| summarize Requests = count(), ClientErrors = countif(toint(ResultCode) between (400 .. 499)), Refused403 = countif(ResultCode == "403"), Throttled429 = countif(ResultCode == "429"), ServerErrors = countif(toint(ResultCode) >= 500) by Name\n| extend ServerErrorPercent = round(100.0 * ServerErrors / Requests, 2)\n| order by ServerErrors desc, ClientErrors desc'
  }
  {
    name: 'ru-by-cosmos-operation'
    title: 'Cosmos DB request units per Cosmos DB operation'
    visualization: 'table'
    query: 'CDBDataPlaneRequests\n| summarize RequestUnits = sum(RequestCharge), Requests = count(), AverageRu = avg(RequestCharge), Throttled429 = countif(StatusCode == 429) by OperationName\n| order by RequestUnits desc'
  }
  {
    name: 'ru-over-time'
    title: 'Cosmos DB request units (per 5 minutes)'
    visualization: 'timechart'
    query: 'CDBDataPlaneRequests\n| summarize RequestUnits = sum(RequestCharge) by OperationName, bin(TimeGenerated, 5m)'
  }
  {
    name: 'ru-by-account'
    title: 'Cosmos DB request units per account (top 20)'
    visualization: 'table'
    query: 'CDBPartitionKeyRUConsumption\n| extend AccountId = tostring(parse_json(PartitionKey)[0])\n| summarize RequestUnits = sum(RequestCharge) by AccountId\n| top 20 by RequestUnits desc'
  }
  {
    name: 'key-vault-reads'
    title: 'Key Vault secret reads (per 5 minutes)'
    visualization: 'timechart'
    query: 'AZKVAuditLogs\n| where OperationName == "SecretGet"\n| summarize Reads = count(), NotFound = countif(HttpStatusCode == 404), Throttled = countif(HttpStatusCode == 429), Failed = countif(HttpStatusCode >= 500) by bin(TimeGenerated, 5m)'
  }
]

var content = {
  version: 'Notebook/1.0'
  items: concat(
    [
      {
        type: 1
        name: 'title'
        content: {
          json: '## Context API\nPer operation (the function\'s name in the request records): rate, latency, errors. Request units from Cosmos DB\'s data-plane log, per Cosmos DB operation and per account. docs/operations.md says what to look for.'
        }
      }
      {
        type: 9
        name: 'parameters'
        content: {
          version: 'KqlParameterItem/1.0'
          parameters: [
            {
              id: '5f1b7c3e-2d4a-4e8b-9c61-7a0d3e2f4b15'
              version: 'KqlParameterItem/1.0'
              name: 'TimeRange'
              label: 'Time range'
              type: 4
              isRequired: true
              value: {
                durationMs: 86400000
              }
              typeSettings: {
                selectableValues: [
                  { durationMs: 3600000 }
                  { durationMs: 14400000 }
                  { durationMs: 86400000 }
                  { durationMs: 604800000 }
                ]
              }
            }
          ]
          style: 'pills'
          queryType: 0
          resourceType: 'microsoft.operationalinsights/workspaces'
        }
      }
    ],
    map(queries, item => {
      type: 3
      name: item.name
      content: {
        version: 'KqlItem/1.0'
        title: item.title
        query: item.query
        size: 0
        timeContextFromParameter: 'TimeRange'
        queryType: 0
        resourceType: 'microsoft.operationalinsights/workspaces'
        visualization: item.visualization
      }
    })
  )
  isLocked: false
  fallbackResourceIds: [
    workspaceId
  ]
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // A workbook's name must be a GUID.
  name: guid(resourceGroup().id, workspaceId, 'context-api-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: workspaceId
    serializedData: string(content)
  }
}

output id string = workbook.id
