import type { OutboxEvent } from '../data/outbox';
import type { RegionCode } from '../../../kernel';
import { QUALITY_COLLECTIONS } from './qualityCollections';

/** Collection names of one region's database. */
export const COLLECTIONS = {
  riskAlerts: 'riskAlerts',
  recalls: 'recalls',
  contractTemplates: 'contractTemplates',
  complaints: 'complaints',
  enterprises: 'enterprises',
  ...QUALITY_COLLECTIONS,
  enforcementCases: 'enforcementCases',
  assistanceRequests: 'assistanceRequests',
} as const;
export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

/** Database name used when the connection string names none, e.g. `jjj_tj`. */
export function defaultDatabaseName(region: RegionCode): string {
  return `jjj_${region.toLowerCase()}`;
}

/** Every document carries these; dates are stored in UTC. */
export interface Timestamps {
  createdAt: Date;
  updatedAt: Date;
  /** Events written with the change itself, waiting for the relay to move them into the event log. */
  outbox?: OutboxEvent[];
  /** Set with every outbox push, cleared by the relay once the outbox is empty (indexed, so the relay finds work fast). */
  outboxPending?: boolean;
}

/**
 * What the personal-data job (services/regional/personalData/) writes on a record whose personal data it anonymised,
 * on every collection it has a rule for.
 */
export interface PersonalDataMarkers {
  /** When its personal data was replaced by placeholders; set once, never cleared. */
  anonymisedAt?: Date;
  /** Set in the anonymising write, cleared once its audit entry is written (a crash between the two is repaired). */
  anonymisationAuditPending?: boolean;
}
