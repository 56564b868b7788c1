/**
 * The `links` subgraph: cross-region references, served by every regional service at /links.
 * Composed as a second logical subgraph, it makes the query planner emit `_entities` hops for
 * referenced records, which the gateway's region router sends to the region that owns each key.
 * Written as SDL because it is mostly federation directives (@external/@requires).
 */
export const LINKS_SDL = /* GraphQL */ `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@requires"])

type ProductRecall @key(fields: "id") {
  id: ID!
  riskAlertIds: [ID!]! @external
  manufacturerCreditCode: String! @external
  "The risk alerts (any region) that led to this recall, each resolved by its own region"
  riskAlerts: [RiskAlert]! @requires(fields: "riskAlertIds")
  "The manufacturer, resolved by the region of its registration"
  manufacturerEnterprise: Enterprise @requires(fields: "manufacturerCreditCode")
}

type RiskAlert @key(fields: "id") {
  id: ID!
  relatedRecallIds: [ID!]! @external
  enterpriseCreditCodes: [String!]! @external
  "Recalls (any region) that followed this alert, each resolved by its own region"
  relatedRecalls: [ProductRecall]! @requires(fields: "relatedRecallIds")
  "Enterprises concerned, resolved by their registration regions"
  enterprises: [Enterprise]! @requires(fields: "enterpriseCreditCodes")
}

type ConsumerComplaint @key(fields: "id") {
  id: ID!
  businessCreditCode: String! @external
  "The business complained about, resolved by its registration region"
  businessEnterprise: Enterprise @requires(fields: "businessCreditCode")
}

type EnforcementCase @key(fields: "id") {
  id: ID!
  recallIds: [ID!]! @external
  riskAlertIds: [ID!]! @external
  complaintIds: [ID!]! @external
  partyCreditCodes: [String!]! @external
  originCaseId: ID @external
  "The recalls (any region) the case came from, each resolved by its own region"
  recalls: [ProductRecall]! @requires(fields: "recallIds")
  "The risk alerts (any region) the case came from"
  riskAlerts: [RiskAlert]! @requires(fields: "riskAlertIds")
  "The complaints (any region) the case came from"
  complaints: [ConsumerComplaint]! @requires(fields: "complaintIds")
  "The enterprise parties, resolved by their registration regions"
  partyEnterprises: [Enterprise]! @requires(fields: "partyCreditCodes")
  "A case filed from a transferred clue: the other region's case it came from, resolved by that region"
  originCase: EnforcementCase @requires(fields: "originCaseId")
}

type AssistanceRequest @key(fields: "id") {
  id: ID!
  caseId: ID! @external
  transferredCaseId: ID @external
  "The case (of the requesting region) the request serves"
  enforcementCase: EnforcementCase @requires(fields: "caseId")
  "TRANSFER_CLUE: the case the target region filed from the clue, resolved by that region"
  transferredCase: EnforcementCase @requires(fields: "transferredCaseId")
}

type Enterprise @key(fields: "creditCode") {
  creditCode: String!
  "This enterprise's recalls as manufacturer, from all three regions (newest first within a region, at most 100 per region)"
  recalls: [ProductRecall]!
  "Risk alerts naming this enterprise, from all three regions"
  riskAlerts: [RiskAlert]!
  "Complaints about this enterprise, from all three regions"
  complaints: [ConsumerComplaint]!
  "Enforcement cases naming this enterprise as a party, from all three regions (newest filed first within a region, at most 100 per region)"
  enforcementCases: [EnforcementCase]!
}

type GeographicalIndication @key(fields: "id") {
  id: ID!
  authorisedProducerCreditCodes: [String!]! @external
  "Inspections of its authorised producers, from all three regions (each kept by the inspecting region; newest first within a region, at most 100 per region)"
  inspections: [Inspection]!
  "The authorised producers, each resolved by its registration region"
  authorisedProducers: [Enterprise]! @requires(fields: "authorisedProducerCreditCodes")
}

type Inspection @key(fields: "id") {
  id: ID!
  geographicalIndicationId: ID! @external
  producerCreditCode: String! @external
  "The geographical indication, resolved by its registering region"
  geographicalIndication: GeographicalIndication @requires(fields: "geographicalIndicationId")
  "The inspected producer, resolved by its registration region"
  producer: Enterprise @requires(fields: "producerCreditCode")
}
`;
