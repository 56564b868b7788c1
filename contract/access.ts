import { SCOPES, type Identity } from '../platform/identity';

/**
 * What the public token may read: the published safety information and the published penalty decisions
 * (行政处罚信息公示, PenaltyNotice: no personal data), nothing about complaints, cases, requests or businesses.
 */
export const PUBLIC_READABLE_ENTITIES: readonly string[] = ['RiskAlert', 'ProductRecall', 'PenaltyNotice'];

/**
 * Who sees the personal data of a record (natural persons' names and ID numbers, and the free texts that may hold
 * them), by entity; everyone else who may read the record sees it masked:
 * - `owner`: the agencies of the record's region (an enforcement case: the bureau that investigates it);
 * - `involved`: the agencies of every region the record involves (an assistance request: the requesting and the
 *   target bureau; a third region sees that the request exists, its type, status and deadline, nothing personal).
 * The public never reads these entities; what it reads of a case is its PenaltyNotice, which carries no personal data.
 */
export const PERSONAL_DATA_READERS: Readonly<Record<string, 'owner' | 'involved'>> = {
  ConsumerComplaint: 'involved',
  EnforcementCase: 'owner',
  AssistanceRequest: 'involved',
};

/** Whether `caller` sees the personal data of a record of `entity` owned by `owner` that involves `involved`. */
export function callerSeesPersonalData(caller: Identity | null, entity: string, owner: string, involved: readonly string[] = [owner]): boolean {
  if (!caller || caller.kind !== 'agency' || caller.region === null) return false;
  const readers = PERSONAL_DATA_READERS[entity] === 'involved' ? involved : [owner];
  return readers.includes(caller.region);
}

/** Whether a caller may read records of `entity` at all (record-level rules, such as masking, come on top). */
export function callerMayRead(caller: Identity, entity: string): boolean {
  if (caller.kind === 'service') return true;
  if (caller.kind === 'public') return PUBLIC_READABLE_ENTITIES.includes(entity) && caller.scopes.includes(SCOPES.publicRead);
  return caller.scopes.includes(SCOPES.read);
}
