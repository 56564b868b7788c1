import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { execute, parse, printSchema, type GraphQLSchema } from 'graphql';
import { CONTRACT, SUBGRAPHS } from '../contract';
import { clientApiSchema, SCHEMA_DIR } from '../gateway/schemaSource';
import { buildLinksSchema } from '../services/regional/links/links.schema';
import { buildRegionalSchema } from '../services/regional/schema';

async function servedSdl(schema: GraphQLSchema): Promise<string> {
  const result = await execute({ schema, document: parse('{ _service { sdl } }') });
  const sdl = (result.data?._service as { sdl?: string } | undefined)?.sdl;
  if (!sdl) throw new Error(`cannot read the subgraph SDL: ${JSON.stringify(result.errors)}`);
  return sdl;
}

/**
 * `npm run compose`: composes the supergraph from the two logical subgraphs' SDL (taken from the code, so no
 * service needs to run) and writes schema/. `--check` exits 1 when the committed files are stale.
 */
export async function composeSupergraph(): Promise<Record<string, string>> {
  // The SDL exactly as each deployment serves it at `_service { sdl }`, which the gateway compares at start.
  const regional = await servedSdl((await buildRegionalSchema()).schema);
  const links = await servedSdl(buildLinksSchema().schema);
  const result = composeServices([
    { name: SUBGRAPHS.regional.name, url: SUBGRAPHS.regional.placeholderUrl, typeDefs: parse(regional) },
    { name: SUBGRAPHS.links.name, url: SUBGRAPHS.links.placeholderUrl, typeDefs: parse(links) },
  ]);
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  // The gateway adds subscriptions itself (@apollo/gateway has none); clients and codegen see one API schema.
  const apiSchema = printSchema(clientApiSchema(result.supergraphSdl, CONTRACT));
  return {
    'supergraph.graphql': result.supergraphSdl,
    'api.graphql': `${apiSchema}\n`,
    'subgraphs/regional.graphql': regional,
    'subgraphs/links.graphql': links,
  };
}

export function staleSchemaFiles(files: Record<string, string>): string[] {
  return Object.entries(files)
    .filter(([name, content]) => {
      try {
        return readFileSync(join(SCHEMA_DIR, name), 'utf8') !== content;
      } catch {
        return true;
      }
    })
    .map(([name]) => name);
}

async function main(): Promise<void> {
  const files = await composeSupergraph();
  if (process.argv.includes('--check')) {
    const stale = staleSchemaFiles(files);
    if (stale.length > 0) {
      console.error(`schema/ is stale (${stale.join(', ')}): run npm run compose`);
      process.exit(1);
    }
    console.log('schema/ is up to date');
    return;
  }
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(SCHEMA_DIR, name, '..'), { recursive: true });
    writeFileSync(join(SCHEMA_DIR, name), content);
    console.log(`wrote schema/${name}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
