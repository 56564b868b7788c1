import { Client, cacheExchange, fetchExchange } from 'urql';

/** urql for the analyst console: POST /graphql with the analyst's agency token in the Authorization header. */
export function createAnalysisClient(token: string): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` }, cache: 'no-store' }),
    exchanges: [cacheExchange, fetchExchange],
  });
}
