import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildWeb } from './buildWeb';

/**
 * `npm run build`: the production build in dist/: every server, script and shared module compiled to JavaScript
 * (tsc, with decorator metadata for type-graphql), the web app bundled, and the files the servers read at run
 * time (the composed schema, the client operation names) copied beside the code. `npm run start:prod` runs it
 * from an install without devDependencies.
 */
const REPO_ROOT = resolve(__dirname, '..');
const DIST = join(REPO_ROOT, 'dist');
/** Read at run time relative to the compiled code (schema/ by the gateway, clients/operations by its metrics). */
const RUNTIME_FILES = ['schema', join('clients', 'operations')];

async function main(): Promise<void> {
  const started = Date.now();
  const step = (message: string) => process.stderr.write(`[build ${((Date.now() - started) / 1000).toFixed(1)} s] ${message}\n`);
  step('removing dist/');
  rmSync(DIST, { recursive: true, force: true });
  step('compiling TypeScript (tsc -p tsconfig.build.json)');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(REPO_ROOT, 'tsconfig.build.json')], { cwd: REPO_ROOT, stdio: 'inherit' });
  for (const folder of RUNTIME_FILES) {
    step(`copying ${folder}/`);
    cpSync(join(REPO_ROOT, folder), join(DIST, folder), { recursive: true });
  }
  step('bundling the web app');
  await buildWeb({ outDir: join(DIST, 'web', 'dist'), log: (line) => step(`  ${line}`) });
  for (const entry of ['scripts/start.js', 'gateway/main.js', 'services/regional/main.js', 'services/engine/main.js', 'web/dist/index.html', 'schema/supergraph.graphql']) {
    if (!existsSync(join(DIST, entry))) throw new Error(`the build has no dist/${entry}`);
  }
  step('done: run it with `npm run start:prod` (NODE_ENV=production node dist/scripts/start.js)');
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
