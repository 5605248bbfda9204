// Event subscription that delivers BlobCreated events of an upload container (population-uploads,
// master-data) to the blob extension's webhook of the function app. Deployed in a second step (main.bicep parameter
// deployEventGridSubscription) because the blobs_extension system key only exists after the
// code with the Event Grid blob trigger has been deployed and the host has started once.

@description('Name of the Event Grid system topic on the storage account.')
param systemTopicName string

@description('Name of the function app that hosts the blob-triggered function.')
param functionAppName string

@description('Name of the function that the events trigger.')
param functionName string

@description('Container whose new blobs are delivered.')
param containerName string

@description('Storage account of the dead-letter container.')
param storageAccountName string

@description('Container that receives the events Event Grid could not deliver.')
param deadLetterContainerName string

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

// The host's system key for the blob extension's webhook. listKeys on the host resource id
// (Microsoft.Web/sites/host has no Bicep type to reference as a symbol).
var blobsExtensionKey = listKeys('${site.id}/host/default', site.apiVersion).systemKeys.blobs_extension

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: '${toLower(functionName)}-blob-created'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${containerName}/'
    }
    retryPolicy: {
      // Event Grid retries a failed delivery with back-off for up to a day.
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    // Then (or at once, for an error retrying cannot fix) the event is written as a blob to the
    // dead-letter container with the topic's identity (its role: blob-events-topic.bicep), instead of
    // being dropped: that upload was never ingested (infra/README.md says what to do).
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: account.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output name string = subscription.name
