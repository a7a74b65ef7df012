param location string = resourceGroup().location
param prefix string = 'taxifare'

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${prefix}-appi'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
  }
}

resource workspace 'Microsoft.MachineLearningServices/workspaces@2023-10-01' = {
  name: '${prefix}-mlw'
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    applicationInsights: appInsights.id
    friendlyName: 'Taxi fare ML workspace'
  }
}
