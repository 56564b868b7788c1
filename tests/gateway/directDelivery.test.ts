/**
 * Issue 22, subscriptions at scale: an event's payload is made and serialized once for every subscription of the
 * same shape (selection, resolution), and written straight to each subscriber's socket as graphql-ws's `next`
 * message with the subscriber's own id and cursor spliced in — the same bytes graphql-ws would send. A socket's
 * messages of one turn are written together (corked), in order; a subscriber whose messages are not taken by the
 * operating system is still disconnected once more than its bound wait.
 */
import type { ApolloServer } from '@apollo/server';
import { parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import pino from 'pino';
import { WebSocket } from 'ws';
import { CONTRACT, parseFilter, type RegionEvent } from '../../contract';
import { decodeEventCursor, encodeEventCursor } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { cursorKeysOf, EventPayloads, payloadShareKey, PreparedPayload } from '../../gateway/subscriptions/eventPayload';
import { SocketWriter, textFrames } from '../../gateway/subscriptions/socketWriter';
import { SLOW_CONSUMER_CLOSE_CODE, Subscriber } from '../../gateway/subscriptions/subscriber';
import { groupKey, SubscriptionGroups } from '../../gateway/subscriptions/subscriptionGroups';
import type { SubscriptionSpec } from '../../gateway/subscriptions/subscriptionSpec';
import type { GatewayContext } from '../../gateway/router/regionRouterDataSource';

function spec(selection: string, filter: Record<string, unknown>): SubscriptionSpec {
  const document = parse(`subscription { event: recallPublished { ${selection} } }`);
  const rootField = (document.definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
  const declaration = CONTRACT.subscriptions.find((candidate) => candidate.field === 'recallPublished')!;
  return { declaration, rootField, fragments: new Map(), filter: parseFilter(declaration.filters, filter), entityQuery: null, entityVariables: {}, identity: DEVELOPMENT_AGENCIES.BJ };
}

function event(seq: number, category: string, recordId = `r${seq}`): RegionEvent {
  return { seq, eventId: `eBJ${seq}`, type: 'RECALL_PUBLISHED', entity: 'ProductRecall', recordId, region: 'BJ', at: '2026-12-06T00:00:00.000Z', snapshot: { region: 'BJ', category } };
}

/** The text messages in a buffer of server frames (unmasked), read as a client would. */
function readFrames(buffer: Buffer): string[] {
  const texts: string[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    expect(buffer[offset]).toBe(0x81); // FIN, text
    let length = buffer[offset + 1]!;
    offset += 2;
    if (length === 126) {
      length = buffer.readUInt16BE(offset);
      offset += 2;
    } else if (length === 127) {
      length = Number(buffer.readBigUInt64BE(offset));
      offset += 8;
    }
    texts.push(buffer.toString('utf8', offset, offset + length));
    offset += length;
  }
  return texts;
}

/** A socket that records what is written to its TCP socket (each write's messages); `written` false: the OS never takes anything. */
function fakeSocket(written = true) {
  const frames: string[] = [];
  const writes: string[][] = [];
  const socket = {
    readyState: WebSocket.OPEN,
    _extensions: {},
    _socket: {
      write(buffer: Buffer, done: (error?: Error | null) => void) {
        const texts = readFrames(buffer);
        frames.push(...texts);
        writes.push(texts);
        if (written) setImmediate(done);
        return true;
      },
    },
  };
  return { socket: socket as unknown as WebSocket, frames, writes };
}

const payloads = () => new EventPayloads({} as ApolloServer<GatewayContext>);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

test('a prepared payload with the cursor spliced in is byte for byte what JSON.stringify gives for the result', () => {
  const shaped = spec('cursor recordId at again: cursor region type __typename', { categories: ['TEXTILES'] });
  const cursor = encodeEventCursor({ BJ: 7, TJ: 3, HE: 12 });
  const prepared = payloads().prepare(shaped, payloadShareKey(shaped), cursorKeysOf(shaped), event(7, 'TEXTILES', '引号"与\\反斜杠\u0001')) as PreparedPayload;
  expect(prepared).toBeInstanceOf(PreparedPayload);
  expect(prepared.text(cursor)).toBe(JSON.stringify(prepared.withCursor(cursor)));
  expect(JSON.parse(prepared.text(cursor)).data.event).toMatchObject({ cursor, again: cursor, recordId: '引号"与\\反斜杠\u0001', region: 'BEIJING' });
  // Without a cursor in the selection, every subscriber gets the very same text.
  const plain = spec('recordId at', {});
  const plainPayload = payloads().prepare(plain, payloadShareKey(plain), cursorKeysOf(plain), event(7, 'TEXTILES')) as PreparedPayload;
  expect(plainPayload.needsCursor).toBe(false);
  expect(plainPayload.text('')).toBe(JSON.stringify(plainPayload.result));
});

test('groups with different filters but one selection share one payload per event; each member gets graphql-ws\'s next message with its id and cursor', async () => {
  const shared = payloads();
  const prepare = jest.spyOn(shared, 'prepare');
  const groups = new SubscriptionGroups(shared, pino({ level: 'silent' }));
  const { socket, frames, writes } = fakeSocket();
  const writer = new SocketWriter(socket);
  const specs = [spec('cursor recordId', { categories: ['TEXTILES'] }), spec('cursor recordId', { categories: ['TEXTILES', 'TOYS'] }), spec('cursor recordId', {})];
  const members = specs.map((shaped, i) => {
    const member = new Subscriber({ BJ: 0, TJ: 0, HE: 0 }, { maxQueued: 10, maxPendingLive: 10 }, () => undefined, () => undefined);
    member.writeDirectlyTo({ writer, operationId: `op-${i}`, format: (result) => result as never });
    groups.join(groupKey(shaped), shaped, member);
    return member;
  });
  expect(groups.size).toBe(3);

  expect(groups.deliver(event(1, 'TEXTILES'))).toEqual([]); // no resolution needed: delivered in this step
  groups.deliver(event(2, 'TOYS'));
  expect(frames).toEqual([]); // written at the end of the turn
  await nextTurn();
  // Three groups, one payload made per event (the later calls find it made).
  const made = new Set(prepare.mock.results.map((result) => result.value));
  expect(made.size).toBe(2);
  // All messages of the turn in one write, each event's before the next one's.
  expect(writes).toEqual([frames]);
  expect(frames.map((frame) => JSON.parse(frame).payload.data.event.recordId)).toEqual(['r1', 'r1', 'r1', 'r2', 'r2']);
  const expected = (id: string, seq: number, positions: Record<string, number>) =>
    JSON.stringify({ id, type: 'next', payload: { data: { event: { cursor: encodeEventCursor(positions), recordId: `r${seq}` } } } });
  expect([...frames].sort()).toEqual([
    expected('op-0', 1, { BJ: 1, TJ: 0, HE: 0 }),
    expected('op-1', 1, { BJ: 1, TJ: 0, HE: 0 }),
    expected('op-2', 1, { BJ: 1, TJ: 0, HE: 0 }),
    expected('op-1', 2, { BJ: 2, TJ: 0, HE: 0 }),
    expected('op-2', 2, { BJ: 2, TJ: 0, HE: 0 }),
  ].sort());
  await nextTurn();
  expect(members.map((member) => member.unsent)).toEqual([0, 0, 0]);
  expect(decodeEventCursor(JSON.parse(frames[0]!).payload.data.event.cursor)).toEqual({ BJ: 1, TJ: 0, HE: 0 });
});

test('a subscriber whose messages the operating system does not take is disconnected with 4008 once more than its bound wait', async () => {
  const { socket } = fakeSocket(false);
  const writer = new SocketWriter(socket);
  const groups = new SubscriptionGroups(payloads(), pino({ level: 'silent' }));
  const closes: number[] = [];
  const shaped = spec('cursor recordId', {});
  const member = new Subscriber({ BJ: 0 }, { maxQueued: 3, maxPendingLive: 10 }, (code) => closes.push(code), () => groups.leave(groupKey(shaped), member));
  member.writeDirectlyTo({ writer, operationId: 'slow', format: (result) => result as never });
  groups.join(groupKey(shaped), shaped, member);
  for (let seq = 1; seq <= 3; seq++) {
    groups.deliver(event(seq, 'TEXTILES'));
    await nextTurn();
  }
  expect(member.unsent).toBe(3);
  expect(closes).toEqual([]);
  groups.deliver(event(4, 'TEXTILES'));
  expect(closes).toEqual([SLOW_CONSUMER_CLOSE_CODE]);
  expect(member.isClosed).toBe(true);
  expect(groups.memberCount).toBe(0);
});

test('frames of every length class read back as the texts written', () => {
  const texts = ['', 'x'.repeat(125), '字'.repeat(42), 'y'.repeat(126), 'z'.repeat(65_535), '长'.repeat(30_000)];
  expect(readFrames(textFrames(texts))).toEqual(texts);
});
