import type { Collection } from 'mongodb';
import pino from 'pino';
import type { RegionEvent } from '../../contract';
import { EventFollower, type FollowedPositionDocument } from '../../services/regional/backLinks/eventFollower';
import type { EventSource } from '../../services/regional/backLinks/eventSources';

/**
 * A follower reads its source every `idleMs` while events come, and about once a second once the source has been
 * quiet for eight reads; an event, or a nudge (this region just logged one), brings it back at once. Timers are
 * jest's, so the reads are counted against a pinned clock; the source and the positions are in memory.
 */
const IDLE_MS = 50;

function eventOf(seq: number): RegionEvent {
  return { seq, eventId: `e${seq}`, type: 'RECALL_PUBLISHED', entity: 'ProductRecall', recordId: `TJ-${seq}`, region: 'TJ', at: '2026-12-07T02:00:00.000Z', snapshot: { region: 'TJ' }, traceparent: null };
}

function memorySource(): EventSource & { reads: number; log: RegionEvent[]; afterRead?: () => void } {
  const source = {
    region: 'TJ' as const,
    reads: 0,
    log: [] as RegionEvent[],
    afterRead: undefined as (() => void) | undefined,
    eventsAfter: async (afterSeq: number, limit: number) => {
      source.reads++;
      const batch = source.log.filter((event) => event.seq > afterSeq).slice(0, limit);
      source.afterRead?.();
      return batch;
    },
    close: async () => undefined,
  };
  return source;
}

const positions = {
  findOne: async () => null,
  updateOne: async () => ({ acknowledged: true }),
} as unknown as Collection<FollowedPositionDocument>;

beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 11, 7, 2, 0, 0) }));
afterEach(() => jest.useRealTimers());

test('quiet after eight empty reads, back to idleMs when an event comes, and a nudge reads at once', async () => {
  const source = memorySource();
  const applied: number[] = [];
  const follower = new EventFollower(source, positions, async (event) => void applied.push(event.seq), pino({ level: 'silent' }), IDLE_MS);
  follower.start();

  await jest.advanceTimersByTimeAsync(IDLE_MS * 8);
  const readsWhileBusy = source.reads;
  expect(readsWhileBusy).toBeGreaterThanOrEqual(8);

  // Quiet: over the next two seconds, about two reads instead of forty.
  await jest.advanceTimersByTimeAsync(2000);
  expect(source.reads - readsWhileBusy).toBeLessThanOrEqual(3);

  // An event is found by the next quiet read, at most a second later.
  source.log.push(eventOf(1));
  await jest.advanceTimersByTimeAsync(1000);
  expect(applied).toEqual([1]);

  // Found an event: reading every idleMs again.
  const readsAfterEvent = source.reads;
  await jest.advanceTimersByTimeAsync(IDLE_MS * 4);
  expect(source.reads - readsAfterEvent).toBeGreaterThanOrEqual(3);

  // Quiet again; a nudge reads at once rather than up to a second later.
  await jest.advanceTimersByTimeAsync(3000);
  source.log.push(eventOf(2));
  follower.nudge();
  await jest.advanceTimersByTimeAsync(1);
  expect(applied).toEqual([1, 2]);

  // An event logged, and its nudge sent, while a quiet read is in progress: read again at once, not a second later.
  await jest.advanceTimersByTimeAsync(3000);
  source.afterRead = () => {
    source.afterRead = undefined;
    source.log.push(eventOf(3));
    follower.nudge();
  };
  await jest.advanceTimersByTimeAsync(1000);
  expect(source.afterRead).toBeUndefined();
  await jest.advanceTimersByTimeAsync(1);
  expect(applied).toEqual([1, 2, 3]);

  const stopped = follower.stop();
  await jest.advanceTimersByTimeAsync(1);
  await stopped;
});
