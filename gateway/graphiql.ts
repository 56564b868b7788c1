import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { EXAMPLE_QUERIES } from './exampleQueries';

/** GraphiQL served from npm packages (no CDN): React 18 UMD builds and GraphiQL 3's bundle. */
function packageFile(packageName: string, file: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), file);
}

const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
};

export function serveGraphiqlAsset(name: string, response: ServerResponse): boolean {
  const asset = ASSETS[name];
  if (!asset) return false;
  response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'public, max-age=3600' });
  createReadStream(asset.file).pipe(response);
  return true;
}

function escapeForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function graphiqlPage(options: { endpoint: string; headers?: Record<string, string> }): string {
  const tabs = EXAMPLE_QUERIES.map((example) => ({
    query: `# ${example.title}\n${example.query}`,
    variables: example.variables ? JSON.stringify(example.variables, null, 2) : undefined,
    headers: options.headers ? JSON.stringify(options.headers, null, 2) : undefined,
  }));
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>JJJ Hub · 京津冀数据共享 GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script>
    const endpoint = new URL(${escapeForScript(options.endpoint)}, window.location.href).href;
    const fetcher = GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: endpoint.replace(/^http/, 'ws') });
    const root = ReactDOM.createRoot(document.getElementById('graphiql'));
    root.render(React.createElement(GraphiQL, {
      fetcher,
      defaultEditorToolsVisibility: true,
      defaultTabs: ${escapeForScript(tabs)},
      defaultHeaders: ${escapeForScript(options.headers ? JSON.stringify(options.headers, null, 2) : '')},
      shouldPersistHeaders: true,
    }));
  </script>
</body>
</html>`;
}
