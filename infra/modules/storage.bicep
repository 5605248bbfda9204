// Storage account for the billing data (Table storage), documents (Blob storage) and the
// delivery queue, and the Functions host's own storage (AzureWebJobsStorage). One account keeps
// the role assignments in one scope; access is by Entra ID only (shared keys are disabled).

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the account.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Redundancy of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Days a deleted or overwritten blob (invoices!) stays recoverable; 1-365.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int

@description('Name of the blob container that receives the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Put a CanNotDelete lock on the account (production: the invoices live here).')
param lockAgainstDeletion bool

@description('Name of the blob container where Event Grid dead-letters upload events it could not deliver.')
param deadLetterContainerName string

// Containers of the billing product. Invoices are immutable once issued (BILLING.md): blob
// versioning plus soft delete makes an overwritten or deleted invoice recoverable.
var containerNames = [
  'tariff-years'
  'population-uploads'
  'population-reports'
  'invoices'
  'reports'
  'master-data'
  'master-data-versions'
  'master-data-reports'
  'bank-statements'
  deploymentContainerName
  deadLetterContainerName
]

// Exported: storage-access.bicep grants the operators read on each of them.
@export()
var tableNames = [
  'invoices'
  'populations'
  'runs'
  'deliveries'
  'notifications'
  'masterdata'
  'bankentries'
  'bankstatements'
  'allocations'
]

@export()
var queueNames = [
  'invoice-deliveries'
  'invoice-deliveries-poison'
]

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      // Flex Consumption without VNet integration reaches storage over the public endpoint;
      // every request still needs an Entra ID token with a data role (see storage-roles.bicep).
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: false
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// Versioning keeps a version of every blob write: for the invoices that is the point, but the
// host's own blobs and the deployment packages (one per deployment) would pile up versions
// forever. Their previous versions are deleted a week after they were made (blob soft delete
// then keeps them blobSoftDeleteDays longer). Not a separate host storage account without
// versioning: it would double the app identity's role assignments and the account's network and
// key settings to achieve what this one rule does.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'host-and-package-old-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              // The host's own containers: leases, timer status and blob trigger receipts
              // (azure-webjobs-hosts), host and function keys (azure-webjobs-secrets); and the
              // Flex deployment package.
              prefixMatch: [
                'azure-webjobs-hosts/'
                'azure-webjobs-secrets/'
                '${deploymentContainerName}/'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: 7
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    blobService
  ]
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2026-06-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2026-06-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

resource deletionLock 'Microsoft.Authorization/locks@2020-05-01' = if (lockAgainstDeletion) {
  name: 'do-not-delete-invoices'
  scope: account
  properties: {
    level: 'CanNotDelete'
    notes: 'Holds issued invoices and the billing tables; remove the lock deliberately before deleting.'
  }
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output uploadContainerUrl string = '${account.properties.primaryEndpoints.blob}population-uploads'
