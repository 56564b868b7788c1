import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayContext } from './router/regionRouterDataSource';

/**
 * One log line per GraphQL request: its id, the agency, the operation name, duration, the regions asked with
 * their latencies, and the outcome. Never the token, the query text, variables or any record content.
 */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ request, response, operationName }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const code = body?.errors?.[0]?.extensions?.code;
          logger.info(
            {
              requestId: contextValue.requestId,
              agency: contextValue.identity?.agency,
              operation: operationName ?? request.operationName ?? null,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              regions: contextValue.regionCalls ?? [],
              outcome: typeof code === 'string' ? code : 'ok',
              // Tried by the fast path, then handed to the executor (an error to remap, a region that failed).
              ...(contextValue.fastPath === false ? { fastPath: false } : {}),
            },
            'request',
          );
        },
      };
    },
  };
}
