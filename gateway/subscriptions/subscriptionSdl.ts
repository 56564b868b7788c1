/**
 * The client API's subscriptions. @apollo/gateway has none, so the gateway adds them over graphql-ws on /graphql;
 * each event's entity is resolved through the supergraph with the client's selection.
 */
export const SUBSCRIPTION_SDL = /* GraphQL */ `
"Live events from all three regions; resume after a disconnect by passing the last cursor you received as after"
type Subscription {
  "Recalls published in any region that match the filter"
  recallPublished(filter: RecallSubscriptionFilter, after: String): RecallEvent!
  "Risk alerts raised or escalated in any region that match the filter"
  riskAlertRaised(filter: RiskAlertSubscriptionFilter, after: String): RiskAlertEvent!
  "Changes to complaints your region receives or handles (agencies only)"
  complaintChanged(filter: ComplaintSubscriptionFilter, after: String): ComplaintEvent!
}

input RecallSubscriptionFilter {
  regions: [Region!]
  categories: [ProductCategory!]
  "Manufacturer unified social credit code"
  enterpriseCreditCode: String
}

input RiskAlertSubscriptionFilter {
  regions: [Region!]
  categories: [ProductCategory!]
  "Only alerts at or above this level"
  minimumLevel: RiskLevel
  enterpriseCreditCode: String
}

input ComplaintSubscriptionFilter {
  "Complaints received or handled by these regions"
  regions: [Region!]
  statuses: [ComplaintStatus!]
  enterpriseCreditCode: String
}

enum RecallEventType {
  PUBLISHED
}

enum RiskAlertEventType {
  RAISED
  ESCALATED
}

enum ComplaintEventType {
  REGISTERED
  CHANGED
}

type RecallEvent {
  "Opaque resume position (last event seen per region); valid on any gateway instance"
  cursor: String!
  type: RecallEventType!
  region: Region!
  at: DateTime!
  recordId: ID!
  "The recall as it is now, resolved through the supergraph with your selection"
  recall: ProductRecall
}

type RiskAlertEvent {
  cursor: String!
  type: RiskAlertEventType!
  region: Region!
  at: DateTime!
  recordId: ID!
  riskAlert: RiskAlert
}

type ComplaintEvent {
  cursor: String!
  type: ComplaintEventType!
  region: Region!
  at: DateTime!
  recordId: ID!
  "Status right after the change"
  status: ComplaintStatus!
  complaint: ConsumerComplaint
}
`;
