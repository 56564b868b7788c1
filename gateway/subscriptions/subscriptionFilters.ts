import { callerMayRead, filterMatchedBefore, filterMatches, type ParsedFilter, type RegionEvent, type SubscriptionDeclaration } from '../../contract';
import type { Identity } from '../../platform/identity';

/**
 * Whether an event is one this subscription listens to and passes its filter: the record's state after the change
 * does, or (for a declaration that reports `matchesFilter`) its state before the change did.
 */
export function eventMatches(declaration: SubscriptionDeclaration, filter: ParsedFilter, event: RegionEvent): boolean {
  if (!Object.hasOwn(declaration.eventTypes, event.type)) return false;
  return filterMatches(filter, event) || (declaration.reportsFilterMatch === true && filterMatchedBefore(filter, event));
}

/** Whether the subscriber may see this event: the entity's read rule, then the declaration's record-level rule. */
export function eventVisibleTo(declaration: SubscriptionDeclaration, identity: Identity, event: RegionEvent): boolean {
  return callerMayRead(identity, declaration.entity) && (declaration.visibleTo?.(identity, event) ?? true);
}

/** Callers who see the same data share one resolution of each event. */
export function visibilityKey(identity: Identity): string {
  return `${identity.kind}:${identity.region ?? '-'}:${[...identity.scopes].sort().join(',')}`;
}
