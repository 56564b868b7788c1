/**
 * A regional service bounds what its callers' connections can hold, as the gateway does: at most MAX_CONNECTIONS open
 * at once (more are closed as they arrive, and a freed slot serves again), and a caller that trickles a request's
 * headers is answered 408 as JSON and closed after HEADERS_TIMEOUT_MS. Only the gateway holds the internal identity,
 * but any host on the regions' network can open sockets.
 */
import { expectConnectionCap, expectTrickledHeadersTimedOut } from '../helpers/rawSocket';
import { startSeededSubgraph, type SeededSubgraph } from '../helpers/regionalSubgraph';

const MAX_CONNECTIONS = 3;
const HEADERS_TIMEOUT_MS = 500;

let subgraph: SeededSubgraph;
let host: string;
let port: number;

beforeAll(async () => {
  subgraph = await startSeededSubgraph('TJ', { connectionBounds: { maxConnections: MAX_CONNECTIONS, headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: 2000 } });
  const url = new URL(subgraph.url);
  host = url.hostname;
  port = Number(url.port);
}, 120_000);

afterAll(async () => {
  await subgraph?.stop();
});

test(`at most ${MAX_CONNECTIONS} connections at once: the next is closed at once, and a freed slot serves again`, async () => {
  await expectConnectionCap(host, port, MAX_CONNECTIONS, HEADERS_TIMEOUT_MS, async () => {
    const answered = await subgraph.post<{ recall: { id: string } }>('query($id: ID!) { recall(id: $id) { id } }', { id: subgraph.seed.recalls[0]._id });
    expect(answered.status).toBe(200);
    expect(answered.data?.recall.id).toBe(subgraph.seed.recalls[0]._id);
  });
});

test('a caller trickling its headers gets 408 as JSON (BAD_REQUEST: request timed out), within the timeout and a check interval', async () => {
  await expectTrickledHeadersTimedOut(host, port, HEADERS_TIMEOUT_MS);
});
