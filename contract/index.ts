/**
 * The gateway–region protocol: everything the gateway and the regional services must agree on. Domain formats
 * (IDs, cursors, credit codes, calendar) are the kernel's; nothing is defined in both.
 */
import { EXPLICIT_ROUTES, type RouteRule } from './routes';
import { SUBSCRIPTIONS, type SubscriptionDeclaration } from './subscriptions';

export * from './protocol';
export * from './events';
export * from './riskLevels';
export * from './keys';
export * from './statistics';
export * from './access';
export * from './routes';
export * from './subscriptionFilters';
export * from './subscriptions';
export * from './cost';

/** The parts of the contract a deployment may extend (the gateway takes it as a whole, tests pass their own). */
export interface HubContract {
  explicitRoutes: Readonly<Record<string, RouteRule>>;
  subscriptions: readonly SubscriptionDeclaration[];
}

export const CONTRACT: HubContract = { explicitRoutes: EXPLICIT_ROUTES, subscriptions: SUBSCRIPTIONS };
export * from './sketch';
