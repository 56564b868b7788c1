import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import type { LiveConnection } from './liveConnection';
import type { PublicTokenSource } from './publicToken';

/** `fetch` with the current public token; a 401 (token refused) gets one retry with a fresh token. */
export function authorizedFetch(tokens: PublicTokenSource): typeof fetch {
  return async (input, init) => {
    const send = async () => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${await tokens.bearer()}`);
      return fetch(input, { ...init, headers });
    };
    const response = await send();
    if (response.status !== 401) return response;
    await tokens.renew();
    return send();
  };
}

/** urql for the public page: queries over POST /graphql, subscriptions over the live connection. */
export function createGraphqlClient(tokens: PublicTokenSource, live: LiveConnection): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetch: authorizedFetch(tokens),
    exchanges: [
      cacheExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => {
            let delivered = false;
            const unsubscribe = live.subscribe(
              { query: request.query ?? '', variables: request.variables, operationName: request.operationName },
              {
                // urql merges each subscription result into the previous one and keeps earlier errors unless the
                // new result has an `errors` list: give every later event one, so errors belong to their event.
                next: (result) => {
                  sink.next(delivered ? { ...result, errors: result.errors ?? [] } : result);
                  delivered = true;
                },
                error: (error) => sink.error(error),
                complete: () => sink.complete(),
              },
            );
            return { unsubscribe };
          },
        }),
      }),
      fetchExchange,
    ],
  });
}
