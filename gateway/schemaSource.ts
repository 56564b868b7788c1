import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, printSchema, type GraphQLSchema } from 'graphql';
import { SUBGRAPH_NAMES, subscriptionSdl, type HubContract, type SubgraphName } from '../contract';

export const SCHEMA_DIR = join(__dirname, '..', 'schema');

/** What the gateway serves: the composed supergraph and the subgraph SDL each regional deployment must serve. */
export interface SchemaSource {
  supergraphSdl: string;
  subgraphSdl: Readonly<Record<SubgraphName, string>>;
}

/** The committed composition in schema/ (written by npm run compose). */
export function committedSchemaSource(): SchemaSource {
  return {
    supergraphSdl: readFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8'),
    subgraphSdl: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, readFileSync(join(SCHEMA_DIR, 'subgraphs', `${name}.graphql`), 'utf8')])) as Record<SubgraphName, string>,
  };
}

/** The supergraph's API schema (what clients may query), without subscriptions. */
export function federatedApiSchema(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** The client API schema: the federated queries and mutations plus the contract's subscriptions. */
export function clientApiSchema(supergraphSdl: string, contract: HubContract): GraphQLSchema {
  return buildSchema(`${printSchema(federatedApiSchema(supergraphSdl))}\n${subscriptionSdl(contract.subscriptions)}`);
}
