/** Where and how the gateway talks to every regional deployment. */

/** The header carrying the gateway-signed identity to subgraphs. */
export const IDENTITY_HEADER = 'x-jjj-identity';

/** The region's event stream (graphql-ws), for the gateway's service identity only. */
export const EVENTS_PATH = '/events';

/**
 * The two logical subgraphs every regional deployment serves. Composition sees each once; the region router
 * sends each subgraph request to the right regional deployment(s) at the given path.
 */
export const SUBGRAPHS = {
  regional: { name: 'regional', path: '/graphql', placeholderUrl: 'http://regional.jjj-hub.invalid/graphql' },
  links: { name: 'links', path: '/links', placeholderUrl: 'http://links.jjj-hub.invalid/links' },
} as const;

export type SubgraphName = keyof typeof SUBGRAPHS;

export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];

export function isSubgraphName(name: string): name is SubgraphName {
  return (SUBGRAPH_NAMES as string[]).includes(name);
}
