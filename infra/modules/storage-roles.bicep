// Data-plane roles of the app's managed identity, scoped to the one storage account and nothing
// broader. Blob Data Owner (not Contributor) because the Functions host manages blob leases and
// receipts for the blob trigger and reads the Flex deployment package; queues and tables are used
// by the host (timer/queue bookkeeping) and by the app (billing tables, delivery queue).

@description('Name of the storage account that receives the assignments.')
param storageAccountName string

@description('Resource id of the user-assigned identity (stable input for the assignment names).')
param identityId string

@description('Principal (object) id of the user-assigned identity.')
param principalId string

// Built-in role definition ids (the same in every Azure cloud).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in items(roles): {
    name: guid(account.id, identityId, roleId.value)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId.value)
      principalId: principalId
      principalType: 'ServicePrincipal'
      description: 'Dimpact billing function app: ${roleId.key}'
    }
  }
]
