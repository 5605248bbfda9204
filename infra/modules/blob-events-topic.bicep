// Event Grid system topic on the storage account. The blob trigger of IngestPopulationUpload
// uses the Event Grid source (the only blob trigger source on Flex Consumption); the event
// subscription that feeds it is a separate step, see blob-events-subscription.bicep. The topic's
// system-assigned identity writes the events Event Grid gives up on into the dead-letter container.

@description('Name of the system topic.')
param name string

@description('Azure region (must be the storage account\'s).')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the storage account whose blob events are published.')
param storageAccountName string

@description('Container in that account that receives dead-lettered events.')
param deadLetterContainerName string

// Storage Blob Data Contributor: what Event Grid's identity needs to write dead letters to blobs.
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetterContainer 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// Scoped to the one container, nothing broader.
resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account::blobService::deadLetterContainer.id, topic.id, storageBlobDataContributorRoleId)
  scope: account::blobService::deadLetterContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'Event Grid system topic of the billing storage: write dead-lettered upload events'
  }
}

output name string = topic.name
