// Dimpact member billing: Azure resources of one environment, deployed into an existing
// resource group with
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/environments/<env>.bicepparam
// The runbook (two deployment steps, first run, cost) is infra/README.md.

targetScope = 'resourceGroup'

@description('Environment that this deployment serves; part of every resource name.')
@allowed([
  'test'
  'production'
])
param environmentName string

@description('Azure region of all regional resources (Flex Consumption must be available there).')
param location string = resourceGroup().location

@description('Short workload name used in resource names (lowercase letters and digits).')
@minLength(3)
@maxLength(8)
param workload string = 'dimbill'

@description('E-mail address that receives the alerts.')
param alertEmail string

@description('NCRONTAB schedule (UTC) of IssueDueInvoices. Default: every day at 05:00 UTC.')
param issueSchedule string = '0 0 5 * * *'

@description('SMTP server that sends the invoices.')
param smtpHost string

@description('SMTP port (587 for STARTTLS submission).')
param smtpPort int = 587

@description('Whether the SMTP connection uses TLS.')
param smtpUseTls bool = true

@description('SMTP user name; the password is the Key Vault secret smtp-password.')
param smtpUserName string

@description('Sender address of the invoice e-mails.')
param smtpFrom string

@description('Dimpact\'s VAT number as printed on the invoices (NL...B01).')
param sellerVatNumber string

@description('IBAN that the invoices ask members to pay to.')
param sellerIban string

@description('Invoice contact e-mail address printed on the invoices.')
param sellerInvoiceContactEmail string

@description('Finance\'s addresses for the billing notifications (uploads, figures on hold, documents issued, figures overdue, failed deliveries, withheld e-invoices), separated by ; or ,. Empty: notifications are recorded but not sent.')
param financeNotifyEmails string = ''

@description('Date (--MM-DD, UTC) of each tariff year by which the settlement population figures are expected; after it, SettlementWaitingForFigures raises an alert and the app reminds finance weekly by e-mail (app setting Finance__SettlementFiguresExpectedBy).')
@minLength(7)
@maxLength(7)
param settlementFiguresExpectedBy string = '--12-15'

@description('Redundancy of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days a deleted or overwritten blob or container stays recoverable (1-365).')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 30

@description('Put a CanNotDelete lock on the storage account.')
param lockStorageAgainstDeletion bool = false

@description('Key Vault purge protection (irreversible once on).')
param keyVaultPurgeProtection bool = false

@description('Public network access of the Key Vault.')
@allowed([
  'Enabled'
  'Disabled'
])
param keyVaultPublicNetworkAccess string = 'Enabled'

@description('Days the Log Analytics workspace keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Daily ingestion cap of the Log Analytics workspace in GB.')
@minValue(1)
param logDailyCapGb int = 1

@description('Highest number of Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each Flex Consumption instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Second deployment step: create the Event Grid subscriptions for population and master data uploads. Needs the code deployed first (the blobs_extension key exists only then).')
param deployEventGridSubscription bool = false

@description('Object id of finance\'s Entra ID group: uploads figures, master data and bank statements, reads reports and issued documents, calls the HTTP API. Empty: no assignments (a test deployment without groups).')
param financeGroupId string = ''

@description('Object id of the operators\' Entra ID group: reads the tables and queues for support, calls the HTTP API. Empty: no assignments.')
param operatorsGroupId string = ''

@description('Client (application) id of the Entra ID app registration that protects the HTTP API (App Service authentication: a token of a member of the finance or operators group, besides the function key). Empty: function key only.')
param apiClientId string = ''

var environmentShort = {
  test: 'tst'
  production: 'prd'
}
var suffix = take(uniqueString(resourceGroup().id, workload, environmentName), 6)
var baseName = '${workload}-${environmentShort[environmentName]}'
var names = {
  identity: 'id-${baseName}-${suffix}'
  storage: 'st${workload}${environmentShort[environmentName]}${suffix}'
  keyVault: 'kv-${baseName}-${suffix}'
  workspace: 'log-${baseName}-${suffix}'
  appInsights: 'appi-${baseName}-${suffix}'
  plan: 'asp-${baseName}-${suffix}'
  functionApp: 'func-${baseName}-${suffix}'
  systemTopic: 'evgt-${baseName}-${suffix}'
  alerts: 'alert-${baseName}'
}
var tags = {
  application: 'dimpact-billing'
  environment: environmentName
}
var deploymentContainerName = 'app-package'
var uploadContainerName = 'population-uploads'
var masterDataContainerName = 'master-data'
var bankStatementsContainerName = 'bank-statements'
var deadLetterContainerName = 'upload-events-deadletter'

// One user-assigned identity for the app: its roles exist before the app starts.
resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.identity
  location: location
  tags: tags
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    skuName: storageSku
    blobSoftDeleteDays: blobSoftDeleteDays
    deploymentContainerName: deploymentContainerName
    lockAgainstDeletion: lockStorageAgainstDeletion
    deadLetterContainerName: deadLetterContainerName
  }
}

module storageRoles 'modules/storage-roles.bicep' = {
  name: 'storage-roles'
  params: {
    storageAccountName: names.storage
    identityId: appIdentity.id
    principalId: appIdentity.properties.principalId
  }
  dependsOn: [
    storage
  ]
}

// People: finance and operators, by group, per container, table and queue (never the account).
module peopleRoles 'modules/people-roles.bicep' = {
  name: 'people-roles'
  params: {
    storageAccountName: names.storage
    financeGroupId: financeGroupId
    operatorsGroupId: operatorsGroupId
    financeUploadContainerNames: [
      uploadContainerName
      masterDataContainerName
      bankStatementsContainerName
    ]
    // The upload reports, the year reports and the document archive (PDF and UBL of every issued document).
    financeReadContainerNames: [
      'population-reports'
      'master-data-reports'
      'reports'
      'invoices'
    ]
  }
  dependsOn: [
    storage
  ]
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    publicNetworkAccess: keyVaultPublicNetworkAccess
    readerIdentityId: appIdentity.id
    readerPrincipalId: appIdentity.properties.principalId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    alertNamePrefix: names.alerts
    location: location
    tags: tags
    retentionDays: logRetentionDays
    dailyCapGb: logDailyCapGb
    alertEmail: alertEmail
    settlementFiguresExpectedBy: settlementFiguresExpectedBy
    publisherIdentityId: appIdentity.id
    publisherPrincipalId: appIdentity.properties.principalId
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    identityId: appIdentity.id
    identityClientId: appIdentity.properties.clientId
    storageAccountName: names.storage
    deploymentContainerName: deploymentContainerName
    appInsightsName: names.appInsights
    keyVaultUri: keyVault.outputs.uri
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    issueSchedule: issueSchedule
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpUseTls: smtpUseTls
    smtpUserName: smtpUserName
    smtpFrom: smtpFrom
    sellerVatNumber: sellerVatNumber
    sellerIban: sellerIban
    sellerInvoiceContactEmail: sellerInvoiceContactEmail
    financeNotifyEmails: financeNotifyEmails
    settlementFiguresExpectedBy: settlementFiguresExpectedBy
    apiClientId: apiClientId
    apiAllowedGroupIds: filter([financeGroupId, operatorsGroupId], id => !empty(id))
  }
  // Names are passed as start-time values (precise what-if); the order comes from here. The
  // identity must hold its data roles before the host first starts.
  dependsOn: [
    storage
    storageRoles
    monitoring
  ]
}

module blobEventsTopic 'modules/blob-events-topic.bicep' = {
  name: 'blob-events-topic'
  params: {
    name: names.systemTopic
    location: location
    tags: tags
    storageAccountName: names.storage
    deadLetterContainerName: deadLetterContainerName
  }
  dependsOn: [
    storage
  ]
}

module blobEventsSubscription 'modules/blob-events-subscription.bicep' = if (deployEventGridSubscription) {
  name: 'blob-events-subscription'
  params: {
    systemTopicName: names.systemTopic
    functionAppName: names.functionApp
    functionName: 'IngestPopulationUpload'
    containerName: uploadContainerName
    storageAccountName: names.storage
    deadLetterContainerName: deadLetterContainerName
  }
  dependsOn: [
    blobEventsTopic
    functionApp
  ]
}

// Finance's master data uploads (member registry, membership changes, tariff years) to UploadMasterData.
module masterDataEventsSubscription 'modules/blob-events-subscription.bicep' = if (deployEventGridSubscription) {
  name: 'master-data-events-subscription'
  params: {
    systemTopicName: names.systemTopic
    functionAppName: names.functionApp
    functionName: 'UploadMasterData'
    containerName: masterDataContainerName
    storageAccountName: names.storage
    deadLetterContainerName: deadLetterContainerName
  }
  dependsOn: [
    blobEventsTopic
    functionApp
  ]
}

// Bank statements (CAMT.053) finance uploads: the same delivery, to ImportBankStatement.
module bankStatementEventsSubscription 'modules/blob-events-subscription.bicep' = if (deployEventGridSubscription) {
  name: 'bank-statement-events-subscription'
  params: {
    systemTopicName: names.systemTopic
    functionAppName: names.functionApp
    functionName: 'ImportBankStatement'
    containerName: bankStatementsContainerName
    storageAccountName: names.storage
    deadLetterContainerName: deadLetterContainerName
  }
  dependsOn: [
    blobEventsTopic
    functionApp
  ]
}

output functionAppName string = functionApp.outputs.name
output functionAppDefaultHostName string = functionApp.outputs.defaultHostName
output storageAccountName string = storage.outputs.name
output uploadContainerUrl string = storage.outputs.uploadContainerUrl
output keyVaultName string = keyVault.outputs.name
output appInsightsName string = monitoring.outputs.appInsightsName
output eventGridSystemTopicName string = blobEventsTopic.outputs.name
