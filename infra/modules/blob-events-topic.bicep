// Event Grid system topic on the storage account. The blob trigger of IngestPopulationUpload
// uses the Event Grid source (the only blob trigger source on Flex Consumption); the event
// subscription that feeds it is a separate step, see blob-events-subscription.bicep.

@description('Name of the system topic.')
param name string

@description('Azure region (must be the storage account\'s).')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the storage account whose blob events are published.')
param storageAccountName string

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
