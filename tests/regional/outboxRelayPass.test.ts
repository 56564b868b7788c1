import type { Db } from 'mongodb';
import pino from 'pino';
import { regionalDatabase } from '../../services/regional/data/database';
import { outboxEvent } from '../../services/regional/data/outbox';
import { eventLogCollection } from '../../services/regional/events/eventLog';
import { OutboxRelay } from '../../services/regional/events/outboxRelay';
import { useMonitoredEngine } from '../helpers/monitoredEngine';

/**
 * A relay pass is one read of the region's database however many collections hold outboxes (the embedded engine,
 * through the real driver), and what another process of the region logged wakes this process's stream subscribers.
 */
const NEVER_MS = 3_600_000; // no timer runs a pass in these tests: they call drain()
const logger = pino({ level: 'silent' });

const database = useMonitoredEngine();
const { commands } = database;

function relayOn(db: Db): OutboxRelay {
  return new OutboxRelay('TJ', regionalDatabase(db), eventLogCollection(db), logger, { pollIntervalMs: NEVER_MS });
}

async function writeWithEvent(db: Db, collection: 'recalls' | 'complaints' | 'enforcementCases', id: string): Promise<void> {
  const entity = collection === 'recalls' ? 'ProductRecall' : collection === 'complaints' ? 'ConsumerComplaint' : 'EnforcementCase';
  const type = collection === 'recalls' ? 'RECALL_PUBLISHED' : collection === 'complaints' ? 'COMPLAINT_REGISTERED' : 'ENFORCEMENT_CASE_FILED';
  await db.collection<{ _id: string }>(collection).insertOne({ _id: id, outboxPending: true, outbox: [outboxEvent(type, entity, id, { region: 'TJ' })] } as never);
}

test('one pass relays the outboxes of every collection with a single read', async () => {
  const db = database.client.db(`relay_${Math.random().toString(36).slice(2)}`);
  const relay = relayOn(db);
  await relay.start();
  await writeWithEvent(db, 'recalls', 'TJ-R-1');
  await writeWithEvent(db, 'complaints', 'TJ-C-1');
  await writeWithEvent(db, 'enforcementCases', 'TJ-E-1');

  commands.length = 0;
  await relay.drain();
  expect(commands.filter((name) => name === 'aggregate')).toHaveLength(1);
  expect(commands.filter((name) => name === 'find')).toHaveLength(0);
  expect(relay.lastSeq).toBe(3);
  const logged = await eventLogCollection(db).find({}, { sort: { seq: 1 } }).toArray();
  expect(logged.map((event) => event.recordId)).toEqual(['TJ-R-1', 'TJ-C-1', 'TJ-E-1']);
  expect(await relay.pendingCount()).toBe(0);

  // Nothing pending: the next pass is that one read and nothing else.
  commands.length = 0;
  await relay.drain();
  expect(commands).toEqual(['aggregate']);
  await relay.stop();
});

test('an event another process of the region logged wakes this process’s waiting streams at its next pass', async () => {
  const db = database.client.db(`relay_${Math.random().toString(36).slice(2)}`);
  const writer = relayOn(db);
  const streamer = relayOn(db);
  await writer.start();
  await streamer.start();
  let woken = false;
  const waiting = streamer.waitForEventAfter(0, NEVER_MS).then(() => {
    woken = true;
  });

  await writeWithEvent(db, 'recalls', 'TJ-R-2');
  await writer.drain();
  expect(writer.lastSeq).toBe(1);
  await new Promise((resolve) => setImmediate(resolve));
  expect(woken).toBe(false);

  await streamer.drain();
  await waiting;
  expect(woken).toBe(true);
  expect(streamer.lastSeq).toBe(1);
  // Its own next event takes the sequence after the other process's.
  await writeWithEvent(db, 'complaints', 'TJ-C-2');
  await streamer.drain();
  expect((await eventLogCollection(db).findOne({ recordId: 'TJ-C-2' }))?.seq).toBe(2);
  await writer.stop();
  await streamer.stop();
});
