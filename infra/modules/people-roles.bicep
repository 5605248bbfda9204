// Data roles of the people who use the product, by Entra ID group, each scoped to one container, table or queue
// and never to the account (the app's own roles are storage-roles.bicep):
// - finance writes the files it uploads (population figures, master data, bank statements) and reads what the app
//   writes for it (the upload reports, the year reports, the issued documents);
// - operators read the tables and queues for support.
// Nobody here can write the invoices table or the document archive: only the app's identity can. An empty group id
// (a test deployment without the groups) emits no assignment for that group.

import { tableNames, queueNames } from 'storage.bicep'

@description('Name of the storage account whose containers, tables and queues receive the assignments.')
param storageAccountName string

@description('Object id of finance\'s Entra ID group; empty: no assignments for finance.')
param financeGroupId string

@description('Object id of the operators\' Entra ID group; empty: no assignments for operators.')
param operatorsGroupId string

@description('Containers finance uploads to (write: Storage Blob Data Contributor on each).')
param financeUploadContainerNames array

@description('Containers finance reads (Storage Blob Data Reader on each): reports and issued documents.')
param financeReadContainerNames array

// Built-in role definition ids (the same in every Azure cloud), one variable each so that every assignment names
// exactly one role.
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var storageBlobDataReaderRoleId = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
var storageTableDataReaderRoleId = '76199698-9eea-4c19-bc75-cec21354c6b6'
var storageQueueDataReaderRoleId = '19e7f393-937e-4f77-808e-94535e297925'

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'
  }

  resource tableService 'tableServices' existing = {
    name: 'default'
  }

  resource queueService 'queueServices' existing = {
    name: 'default'
  }
}

resource uploadContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' existing = [
  for containerName in financeUploadContainerNames: {
    parent: account::blobService
    name: containerName
  }
]

resource readContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' existing = [
  for containerName in financeReadContainerNames: {
    parent: account::blobService
    name: containerName
  }
]

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' existing = [
  for tableName in tableNames: {
    parent: account::tableService
    name: tableName
  }
]

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2026-06-01' existing = [
  for queueName in queueNames: {
    parent: account::queueService
    name: queueName
  }
]

resource financeUploads 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (containerName, i) in financeUploadContainerNames: if (!empty(financeGroupId)) {
    name: guid(uploadContainers[i].id, financeGroupId, storageBlobDataContributorRoleId)
    scope: uploadContainers[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
      principalId: financeGroupId
      principalType: 'Group'
      description: 'Dimpact billing, finance: upload to ${containerName}'
    }
  }
]

resource financeReads 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (containerName, i) in financeReadContainerNames: if (!empty(financeGroupId)) {
    name: guid(readContainers[i].id, financeGroupId, storageBlobDataReaderRoleId)
    scope: readContainers[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataReaderRoleId)
      principalId: financeGroupId
      principalType: 'Group'
      description: 'Dimpact billing, finance: read ${containerName}'
    }
  }
]

resource operatorTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (tableName, i) in tableNames: if (!empty(operatorsGroupId)) {
    name: guid(tables[i].id, operatorsGroupId, storageTableDataReaderRoleId)
    scope: tables[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataReaderRoleId)
      principalId: operatorsGroupId
      principalType: 'Group'
      description: 'Dimpact billing, operators: read table ${tableName}'
    }
  }
]

resource operatorQueues 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queueName, i) in queueNames: if (!empty(operatorsGroupId)) {
    name: guid(queues[i].id, operatorsGroupId, storageQueueDataReaderRoleId)
    scope: queues[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataReaderRoleId)
      principalId: operatorsGroupId
      principalType: 'Group'
      description: 'Dimpact billing, operators: read queue ${queueName}'
    }
  }
]
