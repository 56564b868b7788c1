import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { Counter, type Registry } from 'prom-client';
import type { GatewayContext } from '../router/regionRouterDataSource';
import { checkReferences, refusalOf, type ReferenceCheckOptions, type ReferenceOutcome } from './referenceCheck';
import { collectReferences } from './referenceCollection';

export interface ReferenceCheckPluginOptions extends ReferenceCheckOptions {
  /** Where `jjj_gateway_reference_checks_total` is registered; no counter without one. */
  registry?: Registry | null;
}

/**
 * Reference integrity: a mutation naming records (the contract's REFERENCE_FIELDS) is sent to no region before
 * each named record's owner has said it exists. It runs at `responseForOperation`, the last step before the query
 * planner and any region call, once the document is validated and every other plugin has let it through; a
 * refusal is the whole response (every problem in it, no data): a missing record HTTP 400 BAD_USER_INPUT, an owner
 * that would not tell the caller 403 FORBIDDEN, an owner that could not answer 503 REGION_UNAVAILABLE. Queries
 * and subscriptions pass untouched; so does a mutation that names nothing that must exist (no region call).
 */
export function referenceCheckPlugin(options: ReferenceCheckPluginOptions): ApolloServerPlugin<GatewayContext> {
  const checks = options.registry
    ? new Counter({ name: 'jjj_gateway_reference_checks_total', help: 'Mutations whose named records were checked with their owners, by outcome (ok, missing, forbidden, unavailable)', labelNames: ['outcome'], registers: [options.registry] })
    : null;
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, document, request, schema, contextValue }) {
          // An operation name that names no operation reaches here without one: the executor answers it (OPERATION_RESOLUTION_FAILURE).
          if (!operation || operation.operation !== 'mutation') return null;
          // Variables or arguments that do not coerce: execution refuses the request as it would have.
          const references = collectReferences(schema, document, operation, request.variables);
          if (!references) return null;
          const verdict = await checkReferences(references, contextValue, options);
          if (verdict.checked === 0) return null;
          const refusal = refusalOf(verdict);
          checks?.inc({ outcome: (refusal?.outcome ?? 'ok') satisfies ReferenceOutcome });
          if (!refusal) return null;
          return { http: { status: refusal.status, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { errors: refusal.errors } } };
        },
      };
    },
  };
}
