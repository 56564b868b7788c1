/**
 * The two logical subgraphs every regional deployment serves. Composition sees each once; the region router
 * sends each subgraph request to the right regional deployment(s) at the given path.
 */
export const SUBGRAPHS = {
  regional: { name: 'regional', path: '/graphql', placeholderUrl: 'http://regional.jjj-hub.invalid/graphql' },
  links: { name: 'links', path: '/links', placeholderUrl: 'http://links.jjj-hub.invalid/links' },
} as const;

export type SubgraphName = keyof typeof SUBGRAPHS;

export function isSubgraphName(name: string): name is SubgraphName {
  return name === 'regional' || name === 'links';
}
