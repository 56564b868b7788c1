/**
 * The baseline of the gateway benchmark (issue 22): stock `@apollo/gateway` with plain `RemoteGraphQLDataSource`s
 * over one region's deployment (its regional and links subgraphs), serving the committed supergraph. It adds the
 * forwarded identity in `willSendRequest` and nothing else: no authentication, limits, masking of errors,
 * merging across regions or metrics. Run as a process of its own so its CPU can be read.
 *
 * Env: STOCK_PORT, STOCK_REGION (TJ), STOCK_REGION_URL (the region's origin), STOCK_INTERNAL_SECRET,
 * STOCK_AGENCY (the development agency whose identity is forwarded, BJ).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { SUBGRAPHS } from '../contract';
import { isRegionCode, type RegionCode } from '../kernel';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { REPO_ROOT, stopWithParent } from '../platform/childProcess';
import { IdentityForwarder } from '../gateway/router/identityForwarding';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

function regionFrom(name: string): RegionCode {
  const value = required(name);
  if (!isRegionCode(value)) throw new Error(`${name}: unknown region ${value}`);
  return value;
}

async function main(): Promise<void> {
  const region = regionFrom('STOCK_REGION');
  const origin = required('STOCK_REGION_URL');
  const identity = DEVELOPMENT_AGENCIES[regionFrom('STOCK_AGENCY')];
  const forwarder = new IdentityForwarder(required('STOCK_INTERNAL_SECRET'));
  const endpoints = new Map<string, { endpoint: 'regional' | 'links'; path: string }>([
    [SUBGRAPHS.regional.name, { endpoint: 'regional', path: SUBGRAPHS.regional.path }],
    [SUBGRAPHS.links.name, { endpoint: 'links', path: SUBGRAPHS.links.path }],
  ]);

  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(join(REPO_ROOT, 'schema', 'supergraph.graphql'), 'utf8'),
    buildService: ({ name }) => {
      const subgraph = endpoints.get(name);
      if (!subgraph) throw new Error(`unknown subgraph ${name}`);
      const { endpoint, path } = subgraph;
      return new RemoteGraphQLDataSource({
        url: `${origin}${path}`,
        willSendRequest: ({ request }) => {
          request.http?.headers.set('x-jjj-identity', forwarder.headerFor(identity, { region, endpoint }));
        },
      });
    },
  });
  const server = new ApolloServer({ gateway, introspection: false });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.STOCK_PORT ?? 0), host: '127.0.0.1' } });
  console.log(JSON.stringify({ msg: 'stock gateway ready', url }));
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  stopWithParent(stop);
}

main().catch((error: unknown) => {
  console.error(`stock gateway failed to start: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
