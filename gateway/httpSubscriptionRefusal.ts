import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * The API schema served over HTTP lists the subscriptions (so GraphiQL and codegen see them), but they run only
 * over WebSocket: a subscription POSTed over HTTP gets 400 saying where to go. (Queries that the WebSocket
 * server runs through Apollo are never subscriptions: those go to the subscription hub.)
 */
export function httpSubscriptionRefusalPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError('Subscriptions run over WebSocket: connect to ws(s)://<gateway>/graphql with the graphql-transport-ws protocol (the graphql-ws client), not HTTP', {
            extensions: { code: 'SUBSCRIPTION_OVER_HTTP', http: { status: 400 } },
          });
        },
      };
    },
  };
}
