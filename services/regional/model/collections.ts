import type { OutboxEvent } from '../data/outbox';
import type { RegionCode } from '../../../kernel';

/** Collection names of one region's database. */
export const COLLECTIONS = {
  riskAlerts: 'riskAlerts',
  recalls: 'recalls',
  contractTemplates: 'contractTemplates',
  complaints: 'complaints',
  enterprises: 'enterprises',
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
