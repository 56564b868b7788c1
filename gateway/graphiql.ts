import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { EXAMPLE_QUERIES } from './exampleQueries';
import { graphiqlClientScript, type GraphiqlPageConfig } from './graphiqlClient';

/** The page around GraphiQL: the token bar on top, GraphiQL filling the rest. */
const PAGE_CSS = `html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font-family: system-ui, "Noto Sans CJK SC", sans-serif; }
#graphiql { flex: 1; min-height: 0; }
.token-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; padding: 6px 12px; background: #f3f4f6; border-bottom: 1px solid #d1d5db; font-size: 14px; }
.token-bar label { font-weight: 600; }
.token-bar input { flex: 1 1 320px; min-width: 200px; padding: 4px 8px; font-family: ui-monospace, monospace; }
.token-bar button { padding: 4px 12px; }
#token-status { color: #065f46; }
#token-help { flex-basis: 100%; color: #4b5563; font-size: 12px; }
`;

/** GraphiQL served from npm packages (no CDN): React 18 UMD builds and GraphiQL 3's bundle. */
function packageFile(packageName: string, file: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), file);
}

/** Files served under /graphiql/assets/: from npm packages, or text made here. */
const ASSETS: Record<string, { file: string; type: string } | { text: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
  'graphiql-client.js': { text: graphiqlClientScript, type: 'text/javascript; charset=utf-8' },
  'graphiql-page.css': { text: PAGE_CSS, type: 'text/css; charset=utf-8' },
};

export function serveGraphiqlAsset(name: string, response: ServerResponse): boolean {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return false;
  if ('text' in asset) {
    // Made by this code: revalidated on every load, so a new gateway's script is never mixed with an old page.
    response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
    response.end(asset.text);
    return true;
  }
  response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'public, max-age=3600' });
  createReadStream(asset.file).pipe(response);
  return true;
}

/** JSON inside a <script type="application/json"> data block: `<` escaped, so no text can close the block. */
function escapeForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The GraphiQL page: no token in it (the bar above GraphiQL asks for one and keeps it in the browser) and no inline
 * script (graphiql-client.js reads the endpoint and the example tabs from a JSON data block).
 */
export function graphiqlPage(options: { endpoint: string }): string {
  const config: GraphiqlPageConfig = {
    endpoint: options.endpoint,
    tabs: EXAMPLE_QUERIES.map((example) => ({
      query: `# ${example.title}\n${example.query}`,
      ...(example.variables ? { variables: JSON.stringify(example.variables, null, 2) } : {}),
    })),
  };
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>JJJ Hub · 京津冀数据共享 GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css" />
  <link rel="stylesheet" href="/graphiql/assets/graphiql-page.css" />
</head>
<body>
  <form id="token-form" class="token-bar" autocomplete="off">
    <label for="token-input">访问令牌 (Bearer)</label>
    <input id="token-input" name="token" type="password" spellcheck="false" placeholder="粘贴令牌，例如 npm start 打印的开发令牌" aria-describedby="token-help token-status" />
    <button type="submit" id="token-save">保存</button>
    <button type="button" id="token-clear">清除</button>
    <span id="token-status" role="status"></span>
    <span id="token-help">令牌只保存在本浏览器（localStorage），随每个请求发送。<code>npm start</code> 会打印开发令牌，<code>npm run token</code> 可签发其他令牌。</span>
  </form>
  <div id="graphiql">Loading GraphiQL…</div>
  <script type="application/json" id="graphiql-config">${escapeForScript(config)}</script>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script src="/graphiql/assets/graphiql-client.js"></script>
</body>
</html>`;
}
