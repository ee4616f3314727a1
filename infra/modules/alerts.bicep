// What tells an operator that a region needs attention: an action group (e-mail), log alerts on the app's request
// records in the workspace (5xx share, p95 latency, a stalled expired-session sweep), metric alerts on Cosmos DB
// (429s; normalized RU consumption with provisioned throughput only), and a standard availability test of the
// Functions app's GET /readyz with its alert. docs/operations.md says what each alert means and what to do.

@description('Suffix that makes the names unique (the deployment\'s resource token).')
param resourceToken string

@description('Azure region of the availability test (that of the Application Insights component).')
param location string

@description('Tags for the resources.')
param tags {
  *: string
} = {}

@description('E-mail addresses the action group notifies; empty: no action group, the alerts fire without notifying anyone.')
param alertEmails string[] = []

@description('Resource id of the Log Analytics workspace that holds AppRequests.')
param workspaceId string

@description('Resource id of the Application Insights component.')
param applicationInsightsId string

@description('Resource id of the Cosmos DB account.')
param cosmosAccountId string

@description('Whether the Cosmos DB container has provisioned (autoscale) throughput: only then is normalized RU consumption a measure of headroom.')
param provisionedThroughput bool

@description('Base URL of the Functions app (https://<host>).')
param appUri string

@description('Minutes without a successful sweep before the sweep alert fires: three sweep intervals, at least 15.')
@minValue(15)
@maxValue(2880)
param sweepSilenceMinutes int

@description('Names of the request records that are no operation of the contract: the readiness probe and the sweep timer.')
param nonOperationRequestNames string[] = [
  'CheckReadiness'
  'SweepExpiredSessions'
]

@description('Share of the operations\' requests (in percent) answered with a 5xx in 5 minutes above which the 5xx alert fires.')
param serverErrorPercentThreshold int = 5

@description('p95 of the operations\' request duration (ms) over 15 minutes above which the latency alert fires.')
param p95LatencyThresholdMs int = 1000

@description('Fewest requests in a window for the 5xx and latency alerts to judge it: a handful of cold starts is no outage.')
param minimumRequests int = 20

@description('Cosmos DB requests answered 429 in 5 minutes above which the throttling alert fires (the SDK retries them).')
param throttledRequestsThreshold int = 50

@description('Normalized RU consumption (percent of the provisioned maximum) above which the RU alert fires.')
param normalizedRuThreshold int = 80

// On a region's first deployment the workspace may not resolve AppRequests before its first record arrives, and the
// rule's query validation would then fail the deployment (Azure Monitor's advice for such races: skip it). The tests
// check the queries' tables and columns against the template instead.
var skipQueryValidation = true

// The lookback values Azure Monitor offers for log alerts, in minutes.
var logAlertWindows = [
  { minutes: 15, duration: 'PT15M' }
  { minutes: 30, duration: 'PT30M' }
  { minutes: 45, duration: 'PT45M' }
  { minutes: 60, duration: 'PT1H' }
  { minutes: 120, duration: 'PT2H' }
  { minutes: 180, duration: 'PT3H' }
  { minutes: 240, duration: 'PT4H' }
  { minutes: 300, duration: 'PT5H' }
  { minutes: 360, duration: 'PT6H' }
  { minutes: 1440, duration: 'P1D' }
  { minutes: 2880, duration: 'P2D' }
]
var sweepWindow = first(filter(logAlertWindows, window => window.minutes >= sweepSilenceMinutes))!
var sweepFrequency = sweepWindow.minutes <= 60 ? 'PT5M' : sweepWindow.minutes <= 360 ? 'PT15M' : 'PT1H'
var operationsOnly = 'Name !in (${join(map(nonOperationRequestNames, name => '"${name}"'), ', ')})'
var actions = empty(alertEmails) ? [] : [
  {
    actionGroupId: actionGroup!.id
  }
]
var webTestName = 'webtest-readyz-${resourceToken}'
// Five locations on three continents; the alert fires when three of them fail at once (Microsoft's advice: the number
// of locations minus two), so one location's own network trouble does not page anyone.
var webTestLocations = [
  'us-va-ash-azr'
  'us-ca-sjc-azr'
  'emea-nl-ams-azr'
  'emea-gb-db3-azr'
  'apac-sg-sin-azr'
]

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmails)) {
  name: 'ag-context-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'context'
    enabled: true
    emailReceivers: [
      for (address, i) in alertEmails: {
        name: 'email-${i + 1}'
        emailAddress: address
        useCommonAlertSchema: true
      }
    ]
  }
}

resource serverErrors 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-5xx-rate-${resourceToken}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Context API: 5xx answers above ${serverErrorPercentThreshold}% of requests'
    description: 'More than ${serverErrorPercentThreshold}% of the contract operations\' requests answered 5xx in 5 minutes (at least ${minimumRequests} requests). See docs/operations.md, "5xx rate".'
    severity: 1
    enabled: true
    scopes: [
      workspaceId
    ]
    skipQueryValidation: skipQueryValidation
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: 'AppRequests\n| where ${operationsOnly}\n| summarize Requests = count(), ServerErrors = countif(toint(ResultCode) >= 500) by bin(TimeGenerated, 5m)\n| where Requests >= ${minimumRequests}\n| extend ServerErrorPercent = 100.0 * ServerErrors / Requests'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'ServerErrorPercent'
          operator: 'GreaterThan'
          threshold: serverErrorPercentThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: map(actions, action => action.actionGroupId)
    }
  }
}

resource latency 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-p95-latency-${resourceToken}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Context API: p95 latency above ${p95LatencyThresholdMs} ms'
    description: 'The 95th percentile of the contract operations\' request duration was above ${p95LatencyThresholdMs} ms over 15 minutes (at least ${minimumRequests} requests). See docs/operations.md, "p95 latency".'
    severity: 2
    enabled: true
    scopes: [
      workspaceId
    ]
    skipQueryValidation: skipQueryValidation
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'AppRequests\n| where ${operationsOnly}\n| summarize Requests = count(), P95DurationMs = percentile(DurationMs, 95) by bin(TimeGenerated, 15m)\n| where Requests >= ${minimumRequests}'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'P95DurationMs'
          operator: 'GreaterThan'
          threshold: p95LatencyThresholdMs
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: map(actions, action => action.actionGroupId)
    }
  }
}

// The Functions host records each invocation of the timer function as a request named after it (AppRequests.Name).
resource sweepStalled 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-sweep-stalled-${resourceToken}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Context API: expired-session sweep has not run'
    description: 'No successful run of SweepExpiredSessions in the last ${sweepSilenceMinutes} minutes (three intervals of Sweeper__Schedule). See docs/operations.md, "Sweep stalled".'
    severity: 2
    enabled: true
    scopes: [
      workspaceId
    ]
    skipQueryValidation: skipQueryValidation
    evaluationFrequency: sweepFrequency
    windowSize: sweepWindow.duration
    criteria: {
      allOf: [
        {
          query: 'AppRequests\n| where TimeGenerated > ago(${sweepSilenceMinutes}m)\n| where Name == "SweepExpiredSessions" and Success == true'
          timeAggregation: 'Count'
          operator: 'LessThan'
          threshold: 1
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: map(actions, action => action.actionGroupId)
    }
  }
}

resource cosmosThrottling 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-cosmos-429-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    description: 'More than ${throttledRequestsThreshold} Cosmos DB requests answered 429 (throttled) in 5 minutes. See docs/operations.md, "Cosmos DB 429s".'
    severity: 2
    enabled: true
    scopes: [
      cosmosAccountId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    targetResourceType: 'Microsoft.DocumentDB/databaseAccounts'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'ThrottledRequests'
          metricNamespace: 'Microsoft.DocumentDB/databaseAccounts'
          metricName: 'TotalRequests'
          dimensions: [
            {
              name: 'StatusCode'
              operator: 'Include'
              values: [
                '429'
              ]
            }
          ]
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: throttledRequestsThreshold
        }
      ]
    }
    autoMitigate: true
    actions: actions
  }
}

resource normalizedRu 'Microsoft.Insights/metricAlerts@2018-03-01' = if (provisionedThroughput) {
  name: 'alert-cosmos-normalized-ru-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    description: 'The busiest partition of the container used more than ${normalizedRuThreshold}% of its provisioned RU/s for 15 minutes. See docs/operations.md, "Normalized RU consumption".'
    severity: 2
    enabled: true
    scopes: [
      cosmosAccountId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    targetResourceType: 'Microsoft.DocumentDB/databaseAccounts'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'NormalizedRuConsumption'
          metricNamespace: 'Microsoft.DocumentDB/databaseAccounts'
          metricName: 'NormalizedRUConsumption'
          timeAggregation: 'Maximum'
          operator: 'GreaterThan'
          threshold: normalizedRuThreshold
        }
      ]
    }
    autoMitigate: true
    actions: actions
  }
}

resource webTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: webTestName
  location: location
  // The portal lists a test under the component it is linked to by this tag.
  tags: union(tags, {
    'hidden-link:${applicationInsightsId}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: webTestName
    Name: 'GET /readyz'
    Description: 'The Functions app answers and reaches Cosmos DB (200 from GET /readyz, no API key).'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      for id in webTestLocations: {
        Id: id
      }
    ]
    Request: {
      RequestUrl: '${appUri}/readyz'
      HttpVerb: 'GET'
      ParseDependentRequests: false
      FollowRedirects: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource availability 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-availability-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    description: 'GET /readyz failed from ${length(webTestLocations) - 2} of ${length(webTestLocations)} test locations. See docs/operations.md, "Availability".'
    severity: 1
    enabled: true
    scopes: [
      webTest.id
      applicationInsightsId
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: webTest.id
      componentId: applicationInsightsId
      failedLocationCount: length(webTestLocations) - 2
    }
    autoMitigate: true
    actions: actions
  }
}

output actionGroupId string = empty(alertEmails) ? '' : actionGroup!.id
output webTestName string = webTest.name
