import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { LINKS_SDL } from './links.graphql';
import { linksResolvers } from './links.resolvers';

export function buildLinksSchema(): { schema: GraphQLSchema; sdl: string } {
  return { schema: buildSubgraphSchema({ typeDefs: parse(LINKS_SDL), resolvers: linksResolvers as never }), sdl: LINKS_SDL };
}
