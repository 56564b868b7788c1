import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import type { ParsedFilter, RegionEvent, SubscriptionDeclaration } from '../../contract';
import type { EventPositions } from '../../kernel';
import type { Identity } from '../../platform/identity';
import { fieldsOf } from '../router/operations';
import type { EntityQuery } from './eventResolution';
import { eventMatches, eventVisibleTo } from './subscriptionFilters';

/** One client subscription as the server parsed it: what it listens to, what it selects, who asks. */
export interface SubscriptionSpec {
  declaration: SubscriptionDeclaration;
  rootField: FieldNode;
  fragments: Map<string, FragmentDefinitionNode>;
  filter: ParsedFilter;
  entityQuery: EntityQuery | null;
  entityVariables: Record<string, unknown>;
  identity: Identity;
  after?: EventPositions;
}

/** The fields the client selected on the event (fragments flattened). */
export function selectedFields(spec: SubscriptionSpec): FieldNode[] {
  return fieldsOf(spec.rootField.selectionSet, spec.fragments);
}

/** Whether the subscription receives this event: it matches the filter and the subscriber may see it. */
export function specMatches(spec: SubscriptionSpec, event: RegionEvent): boolean {
  return eventMatches(spec.declaration, spec.filter, event) && eventVisibleTo(spec.declaration, spec.identity, event);
}
