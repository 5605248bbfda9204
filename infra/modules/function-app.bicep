// The function app on the Flex Consumption plan. Every connection is identity-based through one
// user-assigned identity: the host's storage (AzureWebJobsStorage__*), the app's billing data
// (BillingStorage__*), the deployment package, Key Vault references and Application Insights.
// No setting carries a storage key or connection string.

@description('Name of the function app (its host name is <name>.azurewebsites.net).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Name of the storage account (host storage and billing data).')
param storageAccountName string

@description('Name of the blob container that holds the deployment package.')
param deploymentContainerName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('URI of the Key Vault that holds the smtp-password secret (ends with a slash).')
param keyVaultUri string

@description('Highest number of instances the app may scale out to.')
param maximumInstanceCount int

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

// Settings of the billing product itself.
@description('NCRONTAB schedule (UTC) of IssueDueInvoices.')
param issueSchedule string

@description('SMTP server that sends the invoices.')
param smtpHost string

@description('SMTP port.')
param smtpPort int

@description('Whether the SMTP connection uses TLS.')
param smtpUseTls bool

@description('SMTP user name.')
param smtpUserName string

@description('Sender address of the invoice e-mails.')
param smtpFrom string

@description('Dimpact\'s VAT number.')
param sellerVatNumber string

@description('IBAN on the invoices.')
param sellerIban string

@description('Invoice contact e-mail address on the invoices.')
param sellerInvoiceContactEmail string

@description('Finance\'s addresses for the billing notifications, separated by ; or , (empty: recorded, not sent).')
param financeNotifyEmails string

@description('Date (--MM-DD) of each tariff year by which the settlement figures are expected: after it finance is reminded weekly (and the alert fires).')
param settlementFiguresExpectedBy string

@description('Client id of the Entra ID app registration that protects the HTTP API; empty: no App Service authentication (function key only).')
param apiClientId string

@description('Object ids of the Entra ID groups whose members may call the HTTP API (finance, operators).')
param apiAllowedGroupIds array

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    // No ftpsState: Flex Consumption has no FTP(S) endpoint and does not support the property; publishing
    // with basic-auth credentials is off (the policies below).
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${account.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// All application settings in one place; this resource replaces the app's settings as a whole.
// Every connection uses the user-assigned identity (credential + clientId).
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Host storage: the blob, queue and table endpoints follow from the account name.
    AzureWebJobsStorage__accountName: account.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    // The app's billing data; the triggers of IngestPopulationUpload and DeliverInvoice use
    // Connection = "BillingStorage".
    BillingStorage__blobServiceUri: account.properties.primaryEndpoints.blob
    BillingStorage__queueServiceUri: account.properties.primaryEndpoints.queue
    BillingStorage__tableServiceUri: account.properties.primaryEndpoints.table
    BillingStorage__credential: 'managedidentity'
    BillingStorage__clientId: identityClientId
    // DefaultAzureCredential in the worker picks the user-assigned identity.
    AZURE_CLIENT_ID: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    IssueSchedule: issueSchedule
    Smtp__Host: smtpHost
    Smtp__Port: string(smtpPort)
    Smtp__UseTls: string(smtpUseTls)
    Smtp__UserName: smtpUserName
    // The password stays in Key Vault; the platform resolves the reference with the identity.
    Smtp__Password: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/smtp-password)'
    Smtp__From: smtpFrom
    Seller__VatNumber: sellerVatNumber
    Seller__Iban: sellerIban
    Seller__InvoiceContactEmail: sellerInvoiceContactEmail
    Finance__NotifyEmails: financeNotifyEmails
    Finance__SettlementFiguresExpectedBy: settlementFiguresExpectedBy
  }
}

// App Service authentication in front of the HTTP API (status, preview-issue): a request needs an Entra ID token
// for the app registration of a member of an allowed group, or it gets 401; the function key is still required
// behind it (AuthorizationLevel.Function). The platform passes the caller to the functions in the
// X-MS-CLIENT-PRINCIPAL headers (it strips such headers from incoming requests), and they record it in the run
// records. Tokens only (no sign-in pages, no token store, hence no client secret). The Event Grid webhook of the
// blob extension stays outside: Event Grid sends no token, its system key protects it.
resource authSettings 'Microsoft.Web/sites/config@2025-03-01' = if (!empty(apiClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [
        '/runtime/webhooks/blobs'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          // v1 tokens (az account get-access-token --resource api://<client id>) and v2 tokens.
          allowedAudiences: [
            'api://${apiClientId}'
            apiClientId
          ]
          defaultAuthorizationPolicy: {
            allowedPrincipals: {
              // The token's groups claim (the app registration emits security groups) must name one of them.
              groups: apiAllowedGroupIds
            }
          }
        }
      }
    }
  }
}

// Deployments use Entra ID (az functionapp deploy); no basic-auth publishing credentials.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
