// Runs as written on Node 20 (`node clients/examples/liveRecalls.mjs [http://127.0.0.1:4000]`); in a browser drop the
// `ws` import and the `webSocketImpl` line (the browser has WebSocket) and call the gateway from a page it serves
// or from an origin listed in CORS_ORIGINS.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const gateway = process.argv[2] ?? 'http://127.0.0.1:4000';
const wanted = Number(process.argv[3] ?? 1); // live events to wait for before exiting

// A short-lived public token (recalls and risk alerts, read-only), no login; agencies use their own token.
const { token } = await (await fetch(`${gateway}/public-token`, { method: 'POST' })).json();

const http = new ApolloClient({
  link: new HttpLink({ uri: `${gateway}/graphql`, headers: { authorization: `Bearer ${token}` } }),
  cache: new InMemoryCache(),
});
const { data } = await http.query({
  query: gql`query LatestRecalls { recalls(first: 3) { totalCount edges { node { id region productName announcedAt } } } }`,
});
console.log(`recalls in all three regions: ${data.recalls.totalCount}`);
for (const { node } of data.recalls.edges) console.log(`  ${node.id}  ${node.productName}`);

const live = new ApolloClient({
  link: new GraphQLWsLink(createClient({
    url: `${gateway.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
  })),
  cache: new InMemoryCache(),
});
let cursor; // keep the last cursor: pass it as `after` after a reconnect to get exactly what was missed
let received = 0;
const subscription = live.subscribe({
  query: gql`subscription LiveRecalls($after: String) {
    recallPublished(filter: { regions: [BEIJING, TIANJIN, HEBEI] }, after: $after) {
      cursor type region at recall { id productName riskAlerts { id region title } }
    }
  }`,
  variables: { after: cursor },
}).subscribe({
  next: ({ data: event }) => {
    cursor = event.recallPublished.cursor;
    console.log(`live: ${event.recallPublished.recall.id} ${event.recallPublished.recall.productName}`);
    if (++received >= wanted) {
      subscription.unsubscribe();
      live.stop();
      process.exit(0);
    }
  },
  error: (error) => {
    console.error(error);
    process.exit(1);
  },
});
console.log('subscribed; waiting for a recall to be published…');
