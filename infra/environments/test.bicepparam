// Test environment. Values marked SAMPLE are placeholders: replace them before a real deployment.
using '../main.bicep'

param environmentName = 'test'
param alertEmail = 'billing-test-alerts@example.org' // SAMPLE

param issueSchedule = '0 0 5 * * *'
param settlementFiguresExpectedBy = '--12-15'

param smtpHost = 'smtp.example.org' // SAMPLE
param smtpPort = 587
param smtpUseTls = true
param smtpUserName = 'billing-test@example.org' // SAMPLE
param smtpFrom = 'facturen-test@example.org' // SAMPLE

param sellerVatNumber = 'NL000000000B01' // SAMPLE: not Dimpact's VAT number
param sellerIban = 'NL00BANK0000000000' // SAMPLE: not Dimpact's IBAN
param sellerInvoiceContactEmail = 'facturen-test@example.org' // SAMPLE
param financeNotifyEmails = 'financien-test@example.org' // SAMPLE: finance's notification addresses

// People: empty = no group gets a data role and the API keeps its function key only (infra/README.md, "Access for
// people"); set them to try the access of finance and operators in test.
param financeGroupId = ''
param operatorsGroupId = ''
param apiClientId = ''

param storageSku = 'Standard_LRS'
param blobSoftDeleteDays = 30
param lockStorageAgainstDeletion = false
param keyVaultPurgeProtection = false
param keyVaultPublicNetworkAccess = 'Enabled'
param logRetentionDays = 30
param logDailyCapGb = 1
param maximumInstanceCount = 40
param instanceMemoryMB = 2048

// Step 4 of the runbook (infra/README.md; after the code is deployed):
//   DEPLOY_EVENTGRID_SUBSCRIPTION=true az deployment group create ...
param deployEventGridSubscription = bool(readEnvironmentVariable('DEPLOY_EVENTGRID_SUBSCRIPTION', 'false'))
