/**
 * The gateway–region protocol: everything the gateway and the regional services must agree on. Domain formats
 * (IDs, cursors, credit codes, calendar) are the kernel's; nothing is defined in both.
 */
import { EXPLICIT_ROUTES, type RouteRule } from './routes';
import { SUBSCRIPTIONS, type SubscriptionDeclaration } from './subscriptions';
import { EXPORTS, type ExportDeclaration } from './exports';

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
export * from './exports';

/** The parts of the contract a deployment may extend (the gateway takes it as a whole, tests pass their own). */
export interface HubContract {
  explicitRoutes: Readonly<Record<string, RouteRule>>;
  subscriptions: readonly SubscriptionDeclaration[];
  /** The lists that may be exported in bulk (GET /export/<name>). */
  exports: readonly ExportDeclaration[];
}

export const CONTRACT: HubContract = { explicitRoutes: EXPLICIT_ROUTES, subscriptions: SUBSCRIPTIONS, exports: EXPORTS };
export * from './sketch';
