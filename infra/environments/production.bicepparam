// Production environment. Values marked SAMPLE are placeholders: replace them with Dimpact's
// real configuration before the first deployment (BILLING.md: seller data is configuration).
using '../main.bicep'

param environmentName = 'production'
param alertEmail = 'billing-alerts@example.org' // SAMPLE

param issueSchedule = '0 0 5 * * *'
param settlementFiguresExpectedBy = '--12-15'

param smtpHost = 'smtp.example.org' // SAMPLE
param smtpPort = 587
param smtpUseTls = true
param smtpUserName = 'billing@example.org' // SAMPLE
param smtpFrom = 'facturen@example.org' // SAMPLE

param sellerVatNumber = 'NL000000000B01' // SAMPLE: not Dimpact's VAT number
param sellerIban = 'NL00BANK0000000000' // SAMPLE: not Dimpact's IBAN
param sellerInvoiceContactEmail = 'facturen@example.org' // SAMPLE
param financeNotifyEmails = 'financien@example.org' // SAMPLE: finance's notification addresses

// People (infra/README.md, first-run checklist, "Access for people"): the object ids of finance's and the operators'
// Entra ID groups, and the client id of the app registration that protects the HTTP API. Empty: nobody but the app
// gets a data role, and the API has its function key only. Set all three before production use.
param financeGroupId = '' // SAMPLE: az ad group show -g <finance group> --query id -o tsv
param operatorsGroupId = '' // SAMPLE: az ad group show -g <operators group> --query id -o tsv
param apiClientId = '' // SAMPLE: az ad app show --id api://<app> --query appId -o tsv

// Issued invoices live in this account: zone-redundant, a year of soft delete, and a lock.
param storageSku = 'Standard_ZRS'
param blobSoftDeleteDays = 365
param lockStorageAgainstDeletion = true
param keyVaultPurgeProtection = true
param keyVaultPublicNetworkAccess = 'Enabled'
param logRetentionDays = 90
param logDailyCapGb = 1
param maximumInstanceCount = 40
param instanceMemoryMB = 2048

// Step 4 of the runbook (infra/README.md; after the code is deployed):
//   DEPLOY_EVENTGRID_SUBSCRIPTION=true az deployment group create ...
param deployEventGridSubscription = bool(readEnvironmentVariable('DEPLOY_EVENTGRID_SUBSCRIPTION', 'false'))
