// Log Analytics workspace, workspace-based Application Insights (Entra ID ingestion only), the
// action group that e-mails operations, and the three log alerts of the billing product.
// The alert queries run against the Application Insights resource (tables requests, exceptions,
// traces); infra/README.md explains each signal.

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Name prefix of the alert rules and the action group.')
param alertNamePrefix string

@description('Azure region of the workspace, component and alert rules.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Days the workspace keeps logs.')
@minValue(30)
@maxValue(730)
param retentionDays int

@description('Daily ingestion cap of the workspace in GB (a cost guard; the app logs far less).')
param dailyCapGb int

@description('E-mail address that receives the alerts.')
param alertEmail string

@description('Date (--MM-DD, UTC) of the tariff year by which the settlement population figures are expected.')
param settlementFiguresExpectedBy string

@description('Resource id of the identity that publishes telemetry (stable input for the assignment name).')
param publisherIdentityId string

@description('Principal (object) id of that identity.')
param publisherPrincipalId string

// Monitoring Metrics Publisher: send telemetry to the component with an Entra ID token.
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

var expectedMonth = int(substring(settlementFiguresExpectedBy, 2, 2))
var expectedDay = int(substring(settlementFiguresExpectedBy, 5, 2))

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionDays
    workspaceCapping: {
      dailyQuotaGb: dailyCapGb
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    // Telemetry only with an Entra ID token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
    DisableLocalAuth: true
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, publisherIdentityId, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Dimpact billing function app: send telemetry with Entra ID'
  }
}

resource operations 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${alertNamePrefix}-operations'
  location: 'global'
  tags: tags
  properties: {
    enabled: true
    groupShortName: 'billing-ops'
    emailReceivers: [
      {
        name: 'billing-operations'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// A function invocation that failed (the host records it as a request with success == false),
// an exception that any code logged, or a daily run that could invoice nothing because its year
// has no tariff data (the app logs the error "NoTariffYear: no tariff year 2025: ..." and goes on
// to settle last year and to deliver, so the invocation itself succeeds).
var failedRunQuery = '''
union
    (requests
    | where success == false
    | project timestamp, operation_Name, detail = strcat("failed invocation, result ", resultCode)),
    (exceptions
    | project timestamp, operation_Name, detail = strcat(type, ": ", outerMessage)),
    (traces
    | where severityLevel >= 3 and message has "NoTariffYear"
    | project timestamp, operation_Name, detail = message)
'''

// Work that ends without success, two ways:
// 1. The app gives up on a delivery (no invoice address, or 24 hours of failed sends): a failed
//    send does not throw, so its message never reaches the poison queue; instead the app logs
//    the error "Delivery failed for good: <number> to <member> ..." (DeliveryLogging.FailedForGood,
//    pinned to this query by a test), likewise "Finance notification failed for good: <id> ..." for
//    a finance notification. The rendered message is queried: the isolated worker's
//    structured properties do not reach customDimensions through the host.
// 2. The host moves a message whose handler kept throwing (storage unreachable, a bug) to a poison
//    queue after maxDequeueCount dequeues: "Message has reached MaxDequeueCount of 5. Moving
//    message to queue 'invoice-deliveries-poison'." (or 'webjobs-blobtrigger-poison' for an
//    upload). It is the one signal that covers both poison queues without per-queue storage
//    metrics, which Azure Storage does not offer.
var poisonMessageQuery = '''
traces
| where (severityLevel >= 3 and message contains "Delivery failed for good: ")
    or (severityLevel >= 3 and message contains "Finance notification failed for good: ")
    or (message has "MaxDequeueCount" and message has "Moving message to queue")
| extend invoiceNumber = extract(@"Delivery failed for good: (\S+)", 1, message)
| extend poisonQueue = extract(@"Moving message to queue '([^']+)'", 1, message)
| project timestamp, invoiceNumber, poisonQueue, message
'''

// The app logs this warning (src/Dimpact.Functions/SettlementLog.cs) each time the Q4 settlement
// cannot be issued for lack of population figures:
//   SettlementWaitingForFigures: the settlement of tariff year 2024 is due but population figures
//   are missing for 2 member(s): GM0150, GM0153
// Waiting is normal before the expected date and an alert after it. The year is parsed from the
// rendered message: the isolated worker's log reaches Application Insights through the host, which
// keeps the message but not the structured properties (azure-functions-host #7452), so
// customDimensions.TariffYear never exists. A test pins this text to the constants in SettlementLog.
var settlementWaitingQuery = format(
  '''
traces
| where message has "SettlementWaitingForFigures"
| parse message with * "the settlement of tariff year " tariffYear:int " is due but population figures are missing" *
| where isnotnull(tariffYear)
| extend expectedBy = make_datetime(tariffYear, {0}, {1})
| where timestamp >= expectedBy
| project timestamp, tariffYear, expectedBy, message
''',
  expectedMonth,
  expectedDay
)

var alerts = [
  {
    name: 'failed-function-run'
    displayName: 'Billing: a function run failed'
    description: 'A function invocation failed or an exception was logged in the last 15 minutes.'
    severity: 1
    frequency: 'PT15M'
    query: failedRunQuery
  }
  {
    name: 'poison-message'
    displayName: 'Billing: a delivery failed for good, or a message was moved to a poison queue'
    description: 'An invoice delivery was given up (no address, or 24 hours of failed sends: fix the cause, then dimpact deliveries retry --failed), or a delivery or population upload kept failing and waits in a poison queue (invoice-deliveries-poison or webjobs-blobtrigger-poison).'
    severity: 1
    frequency: 'PT15M'
    query: poisonMessageQuery
  }
  {
    name: 'settlement-waiting-for-figures'
    displayName: 'Billing: settlement still waiting for population figures'
    description: 'The Q4 settlement is waiting for settlement population figures after ${settlementFiguresExpectedBy} of the tariff year; upload the CBS figures to population-uploads.'
    severity: 2
    frequency: 'PT1H'
    query: settlementWaitingQuery
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for alert in alerts: {
    name: '${alertNamePrefix}-${alert.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: alert.displayName
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        appInsights.id
      ]
      evaluationFrequency: alert.frequency
      windowSize: alert.frequency
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: false
      actions: {
        actionGroups: [
          operations.id
        ]
      }
    }
  }
]

output appInsightsName string = appInsights.name
