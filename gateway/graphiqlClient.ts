/**
 * GraphiQL's own script, served as /graphiql/assets/graphiql-client.js (the page has no inline script, so its CSP
 * needs no 'unsafe-inline' for scripts). The page embeds no token: the bar above GraphiQL asks for one, keeps it in
 * this browser's localStorage and sends it as the Authorization header over HTTP and as
 * connectionParams.authorization over the WebSocket.
 *
 * `graphiqlClientMain` runs in the browser, not in Node: the asset is its compiled source (`graphiqlClientScript`),
 * so it may use nothing from this module's scope, only the page (React, ReactDOM and GraphiQL from their UMD builds).
 */

interface GraphiqlGlobals {
  React: { createElement(type: unknown, props: Record<string, unknown>): unknown };
  ReactDOM: { createRoot(element: Element): { render(element: unknown): void } };
  GraphiQL: ((props: Record<string, unknown>) => unknown) & {
    createFetcher(options: { url: string; subscriptionUrl: string; headers: Record<string, string>; wsConnectionParams: Record<string, string> }): unknown;
  };
}

/** What the page hands the script (a JSON data block, `#graphiql-config`). */
export interface GraphiqlPageConfig {
  endpoint: string;
  tabs: Array<{ query: string; variables?: string }>;
}

/** The localStorage key of the token. */
export const GRAPHIQL_TOKEN_KEY = 'jjj-hub.graphiql.token';

export function graphiqlClientMain(): void {
  const STORAGE_KEY = 'jjj-hub.graphiql.token';
  const { React, ReactDOM, GraphiQL } = window as unknown as GraphiqlGlobals;
  const config = JSON.parse(document.getElementById('graphiql-config')!.textContent ?? '{}') as GraphiqlPageConfig;
  const endpoint = new URL(config.endpoint, window.location.href).href;
  const form = document.getElementById('token-form') as HTMLFormElement;
  const input = document.getElementById('token-input') as HTMLInputElement;
  const clear = document.getElementById('token-clear') as HTMLButtonElement;
  const status = document.getElementById('token-status')!;
  // A link may open a query (and its variables) here, e.g. the analyst console's charts: /graphiql?query=…&variables=…
  // It is shown in a tab of its own, first when GraphiQL has no tabs stored yet, else added to (or picked from) them.
  const parameters = new URLSearchParams(window.location.search);
  const linkedQuery = parameters.get('query');
  const linked = linkedQuery ? { query: linkedQuery, variables: parameters.get('variables') ?? undefined } : null;
  const tabs = linked ? [linked, ...config.tabs] : config.tabs;

  const readToken = (): string => {
    try {
      return window.localStorage.getItem(STORAGE_KEY) ?? '';
    } catch {
      return ''; // storage off (private mode, policy): the token lasts as long as the page
    }
  };
  const writeToken = (token: string): void => {
    try {
      if (token) window.localStorage.setItem(STORAGE_KEY, token);
      else window.localStorage.removeItem(STORAGE_KEY);
    } catch {
      // as above
    }
  };

  /** Who the token says it is (read, not verified: the gateway verifies it), for the status line. */
  const describe = (token: string): string => {
    if (!token) return '未设置令牌：请求将被拒绝（UNAUTHENTICATED）。';
    try {
      const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { agency?: string; kind?: string; exp?: number };
      const expires = typeof payload.exp === 'number' ? `，有效至 ${new Date(payload.exp * 1000).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}` : '';
      const expired = typeof payload.exp === 'number' && payload.exp * 1000 < Date.now() ? '（已过期）' : '';
      return `已保存：${payload.kind === 'public' ? '公众令牌' : `机构 ${payload.agency ?? '?'}`}${expires}${expired}`;
    } catch {
      return '已保存（不是 JWT 格式，网关会拒绝它）';
    }
  };

  const root = ReactDOM.createRoot(document.getElementById('graphiql')!);
  // A new fetcher for each token: GraphiQL then loads the schema again with it.
  const render = (token: string): void => {
    const authorization = token ? `Bearer ${token}` : '';
    const fetcher = GraphiQL.createFetcher({
      url: endpoint,
      subscriptionUrl: endpoint.replace(/^http/, 'ws'),
      headers: authorization ? { Authorization: authorization } : {},
      wsConnectionParams: authorization ? { authorization } : {},
    });
    status.textContent = describe(token);
    root.render(React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true, defaultTabs: tabs, shouldPersistHeaders: true, ...(linked ?? {}) }));
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim().replace(/^Bearer\s+/i, '');
    input.value = token;
    writeToken(token);
    render(token);
  });
  clear.addEventListener('click', () => {
    input.value = '';
    writeToken('');
    render('');
  });
  const token = readToken();
  input.value = token;
  render(token);
}

/** The asset's text: the function above, compiled, called once. */
export const graphiqlClientScript = `(${graphiqlClientMain.toString()})();\n`;
