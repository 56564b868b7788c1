import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';

/**
 * Builds the public recall-alert page (web/) with esbuild into web/dist: index.html from the web/index.html
 * template, assets/app.js (an ES module), assets/app.css and assets/chunk-*.js (loaded on demand). `node -r @swc-node/register scripts/buildWeb.ts [--out DIR] [--no-minify]`
 */
const REPO_ROOT = resolve(__dirname, '..');
const WEB_DIR = join(REPO_ROOT, 'web');
export const DEFAULT_WEB_OUT_DIR = join(WEB_DIR, 'dist');

/** What the page is built from: a change to any of these makes the build stale. */
const SOURCE_PATHS = [join(WEB_DIR, 'src'), join(WEB_DIR, 'index.html'), join(REPO_ROOT, 'clients', 'generated'), join(REPO_ROOT, 'kernel')];
const OUTPUT_FILES = ['index.html', 'assets/app.js', 'assets/app.css'];
const ASSET_NAMES = ['app.js', 'app.css'];
/** Chunks loaded on demand (the analyst console with ECharts), beside the two entry assets. */
const CHUNK_NAME = /^chunk-[A-Z0-9]+\.js$/;

export interface BuildWebOptions {
  outDir?: string;
  minify?: boolean;
  /** Progress lines (the CLI prints them). */
  log?: (line: string) => void;
}

/** The template must load exactly our two assets, from our own origin, and carry no inline script or style. */
function checkTemplate(html: string): void {
  const problems: string[] = [];
  if (!html.includes('src="/assets/app.js"')) problems.push('it does not load /assets/app.js');
  if (!html.includes('href="/assets/app.css"')) problems.push('it does not load /assets/app.css');
  if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) problems.push('it has an inline <script> (the CSP forbids it)');
  if (/<style[\s>]/i.test(html) || /\sstyle=/i.test(html)) problems.push('it has inline styles (the CSP forbids them)');
  if (/(src|href)="(https?:)?\/\//i.test(html)) problems.push('it loads something from another host');
  if (problems.length > 0) throw new Error(`web/index.html: ${problems.join('; ')}`);
}

export async function buildWeb(options: BuildWebOptions = {}): Promise<{ outDir: string }> {
  const outDir = resolve(options.outDir ?? DEFAULT_WEB_OUT_DIR);
  const minify = options.minify ?? true;
  const log = options.log ?? (() => undefined);
  const started = Date.now();

  const template = readFileSync(join(WEB_DIR, 'index.html'), 'utf8');
  checkTemplate(template);

  log(`bundling web/src/main.tsx (${minify ? 'minified' : 'not minified'})…`);
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { app: join(WEB_DIR, 'src', 'main.tsx') },
    bundle: true,
    write: false,
    outdir: join(outDir, 'assets'),
    entryNames: '[name]',
    // ES modules, so that code only some routes need (the analyst console and ECharts) is a chunk of its own.
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify,
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: join(WEB_DIR, 'tsconfig.json'),
    logLevel: 'silent',
  });
  for (const warning of result.warnings) log(`warning: ${warning.text}`);

  const names = result.outputFiles.map((file) => basename(file.path)).sort();
  const unexpected = names.filter((name) => !ASSET_NAMES.includes(name) && !CHUNK_NAME.test(name));
  if (unexpected.length > 0 || !ASSET_NAMES.every((name) => names.includes(name))) throw new Error(`esbuild produced ${names.join(', ')}; expected ${ASSET_NAMES.join(', ')} and chunk-*.js`);

  const assetsDir = join(outDir, 'assets');
  rmSync(assetsDir, { recursive: true, force: true });
  mkdirSync(assetsDir, { recursive: true });
  for (const file of result.outputFiles) {
    writeFileSync(join(assetsDir, basename(file.path)), file.contents);
    log(`  assets/${basename(file.path)}  ${(file.contents.byteLength / 1024).toFixed(1)} KiB`);
  }
  // index.html last: its presence (and age) marks a complete build.
  writeFileSync(join(outDir, 'index.html'), template);
  log(`  index.html`);
  log(`web app built into ${outDir} in ${Date.now() - started} ms`);
  return { outDir };
}

function newestModification(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestModification(join(path, entry)));
  return newest;
}

/** True when the build is missing or older than any of its sources. */
export function webBuildIsStale(outDir: string = DEFAULT_WEB_OUT_DIR): boolean {
  const outputs = OUTPUT_FILES.map((file) => join(resolve(outDir), file));
  if (!outputs.every((file) => existsSync(file))) return true;
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const newestSource = Math.max(...SOURCE_PATHS.filter((path) => existsSync(path)).map(newestModification));
  return newestSource > oldestOutput;
}

function parseArguments(argv: readonly string[]): BuildWebOptions {
  const options: BuildWebOptions = {};
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--no-minify') options.minify = false;
    else if (argument === '--out' && argv[index + 1]) options.outDir = argv[++index];
    else throw new Error(`unknown argument ${argument}; usage: buildWeb.ts [--out DIR] [--no-minify]`);
  }
  return options;
}

if (require.main === module) {
  buildWeb({ ...parseArguments(process.argv.slice(2)), log: (line) => console.log(line) }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
