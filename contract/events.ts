import { buildSchema } from 'graphql';
import type { QualityEntityName, RegionCode } from '../kernel';
import type { QualityEventType } from './qualityEvents';

/** What happened to a record; the regions log these and the gateway's subscriptions filter on them. */
export type RecordEventType =
  | 'RECALL_PUBLISHED'
  | 'RECALL_UPDATED'
  | 'RECALL_CANCELLED'
  | 'RECALL_COMPLETED'
  | 'RISK_ALERT_RAISED'
  | 'RISK_ALERT_ESCALATED'
  | 'RISK_ALERT_RESOLVED'
  | 'RISK_ALERT_UPDATED'
  | 'COMPLAINT_REGISTERED'
  | 'COMPLAINT_CHANGED'
  | 'CONTRACT_TEMPLATE_CHANGED'
  // A record of any region now cites (or no longer cites) this one: written by this record's owner as it keeps the back-link.
  | 'RECALL_LINKED'
  | 'RECALL_UNLINKED'
  | 'RISK_ALERT_LINKED'
  | 'RISK_ALERT_UNLINKED'
  | 'ENFORCEMENT_CASE_FILED'
  | 'ENFORCEMENT_CASE_CHANGED'
  // A penalty decision was taken and its notice published (行政处罚信息公示).
  | 'ENFORCEMENT_CASE_DECIDED'
  | 'ASSISTANCE_REQUESTED'
  | 'ASSISTANCE_REQUEST_CHANGED'
  | 'ASSISTANCE_REPLIED'
  // A record states its mirrored links once (the back-link backfill at first start): owners only add back-links for it.
  | 'LINKS_ANNOUNCED'
  | QualityEventType;

export type EventEntity = 'ProductRecall' | 'RiskAlert' | 'ConsumerComplaint' | 'ContractTemplate' | QualityEntityName | 'EnforcementCase' | 'AssistanceRequest';

/** The fields subscription filters use, copied at the time of the change. */
export interface EventSnapshot {
  region: RegionCode;
  category?: string;
  status?: string;
  riskLevelRank?: number;
  enterpriseCreditCodes?: string[];
  /** Complaints and assistance requests: the regions whose agencies may see this event. */
  regions?: RegionCode[];
  /** Assistance requests: the region asked to assist. */
  targetRegion?: RegionCode;
  /** Assistance requests: its type (TRANSFER_CLUE…). */
  type?: string;
  /**
   * A clue transfer (assistance request of type TRANSFER_CLUE) as the target region needs it to file its own case
   * when it accepts: sent with the acceptance only, read by the target region's clue follower, never by clients.
   */
  clue?: ClueTransfer;
  /** Cases filed from a transferred clue: the request and the case it came from. */
  origin?: { assistanceRequestId: string; caseId: string };
  /** The same fields just before the change (absent on a record's first event, and on events logged before it was kept). */
  previous?: Omit<EventSnapshot, 'previous'>;
  /** The record's mirrored link fields as they are after the change (MIRRORED_LINKS), e.g. { riskAlertIds: [...] }. */
  links?: Record<string, string[]>;
  /** RECORD_LINKED / RECORD_UNLINKED: the record of another (or the same) region that now cites, or no longer cites, this one. */
  linked?: { entity: string; recordId: string; region: RegionCode };
}

/** What a region needs to file a case from a clue another region transferred to it. */
export interface ClueTransfer {
  assistanceRequestId: string;
  caseId: string;
  caseNumber: string;
  domain: string;
  title: string;
  parties: Array<{ kind: string; name: string; creditCode?: string | null; idNumber?: string | null }>;
  onlineStore?: { platformName: string; storeName: string; storeNumber?: string | null; url?: string | null } | null;
  facts: string;
  acceptedAt: string;
  acceptedBy: string;
}

/** The schema of each region's event stream (graphql-ws at EVENTS_PATH); the snapshot travels as JSON text. */
export const EVENT_STREAM_SCHEMA = buildSchema(/* GraphQL */ `
  type RegionEvent {
    seq: Int!
    eventId: ID!
    type: String!
    entity: String!
    recordId: ID!
    region: String!
    at: String!
    "The fields subscription filters use, as JSON"
    snapshot: String!
    "W3C trace context of the request that caused the change, when it was traced"
    traceparent: String
  }
  type Query {
    latestEventSeq: Int!
    events(afterSeq: Int!, limit: Int = 500): [RegionEvent!]!
    "A geographical indication of this region as another region checks an inspection against it (GiAuthorisation as JSON); null when there is none"
    giAuthorisation(id: ID!): String
  }
  type Subscription {
    "Every event after afterSeq, in order, then live ones"
    regionEvents(afterSeq: Int!): RegionEvent!
  }
`);

/** An event as the regional stream delivers it (snapshot parsed). */
export interface RegionEvent {
  seq: number;
  eventId: string;
  type: string;
  entity: string;
  recordId: string;
  region: RegionCode;
  at: string;
  snapshot: EventSnapshot;
  /** W3C trace context of the write that caused the event (absent when it was not traced). */
  traceparent?: string | null;
}

/** An event on the wire: `RegionEvent` of the stream schema. */
export type WireRegionEvent = Omit<RegionEvent, 'snapshot'> & { snapshot: string };

/** The selection of `RegionEvent` the gateway asks for. */
export const REGION_EVENT_FIELDS = 'seq eventId type entity recordId region at snapshot traceparent';

export const EVENT_STREAM_OPERATIONS = {
  latestSeq: '{ latestEventSeq }',
  eventsAfter: `query ($afterSeq: Int!, $limit: Int) { events(afterSeq: $afterSeq, limit: $limit) { ${REGION_EVENT_FIELDS} } }`,
  live: `subscription ($afterSeq: Int!) { regionEvents(afterSeq: $afterSeq) { ${REGION_EVENT_FIELDS} } }`,
  giAuthorisation: 'query ($id: ID!) { giAuthorisation(id: $id) }',
} as const;

/**
 * What the registering region tells an inspecting region about one of its geographical indications (asked on the
 * registering region's event-stream endpoint with the inspecting region's service identity, at the time of the
 * inspection, so a suspension or revocation a moment ago counts): its status and each authorised producer's.
 */
export interface GiAuthorisation {
  id: string;
  region: RegionCode;
  productName: string;
  /** PROTECTED, SUSPENDED or REVOKED. */
  status: string;
  /** Credit code → AUTHORISED, SUSPENDED or REVOKED, for every producer ever authorised. */
  producers: Record<string, string>;
}

export function toWireEvent(event: RegionEvent): WireRegionEvent {
  return { ...event, snapshot: JSON.stringify(event.snapshot) };
}

export function parseRegionEvent(raw: Record<string, unknown>): RegionEvent {
  return { ...(raw as unknown as RegionEvent), snapshot: JSON.parse(String(raw.snapshot)) as EventSnapshot };
}
