import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayMetrics } from './metrics';

/** Error codes of requests refused before they ran, and the `reason` label they are counted under. */
const REJECTION_REASONS: Readonly<Record<string, string>> = {
  QUERY_TOO_COSTLY: 'cost',
  QUERY_TOO_DEEP: 'depth',
  UNAUTHENTICATED: 'unauthenticated',
  GRAPHQL_PARSE_FAILED: 'parse',
  GRAPHQL_VALIDATION_FAILED: 'validation',
  BAD_USER_INPUT: 'variables',
  SUBSCRIPTION_OVER_HTTP: 'subscription_over_http',
  PERSISTED_QUERY_NOT_SUPPORTED: 'persisted_query',
};

/** Counts every GraphQL request by operation and outcome, times it, and counts refusals by reason. */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      let executed = false;
      return {
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse({ request, response, operationName }) {
          const operation = metrics.operationLabel(operationName ?? request.operationName);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const code = body?.errors?.[0]?.extensions?.code;
          const outcome = typeof code === 'string' ? code : 'ok';
          metrics.requests.inc({ operation, outcome });
          metrics.requestSeconds.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          if (!executed && outcome !== 'ok') metrics.rejected.inc({ reason: REJECTION_REASONS[outcome] ?? outcome.toLowerCase() });
        },
      };
    },
  };
}
