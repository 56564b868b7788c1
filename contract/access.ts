import { SCOPES, type Identity } from '../platform/identity';

/** What the public token may read: the published safety information, nothing about complaints or businesses. */
export const PUBLIC_READABLE_ENTITIES: readonly string[] = ['RiskAlert', 'ProductRecall'];

/** Whether a caller may read records of `entity` at all (record-level rules, such as masking, come on top). */
export function callerMayRead(caller: Identity, entity: string): boolean {
  if (caller.kind === 'service') return true;
  if (caller.kind === 'public') return PUBLIC_READABLE_ENTITIES.includes(entity) && caller.scopes.includes(SCOPES.publicRead);
  return caller.scopes.includes(SCOPES.read);
}
