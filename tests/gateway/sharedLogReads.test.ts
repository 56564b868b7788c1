/**
 * Issue 22, subscriptions at scale: resuming subscribers share their reads of a region's log (one read per region
 * and block of seqs, however many subscribers need it), and each still gets exactly what a read of its own would
 * give — at the log's end, after a gap (events no longer kept), and as the log grows.
 */
import type { RegionEvent } from '../../contract';
import type { RegionEventConsumer } from '../../gateway/subscriptions/regionEventConsumer';
import { LOG_BLOCK_SIZE, SharedLogReads } from '../../gateway/subscriptions/sharedLogReads';

/** A region log holding seqs first..last, read like the regional event stream (`events(afterSeq, limit)`). */
class FakeLog {
  reads = 0;
  constructor(
    public first: number,
    public last: number,
  ) {}

  direct(afterSeq: number, limit = LOG_BLOCK_SIZE): RegionEvent[] {
    const events: RegionEvent[] = [];
    for (let seq = Math.max(afterSeq + 1, this.first); seq <= this.last && events.length < limit; seq++) {
      events.push({ seq, eventId: `e${seq}`, type: 'RECALL_PUBLISHED', entity: 'ProductRecall', recordId: `r${seq}`, region: 'TJ', at: '2026-12-06T00:00:00.000Z', snapshot: { region: 'TJ' } });
    }
    return events;
  }

  consumer(): RegionEventConsumer {
    const log = this;
    return {
      region: 'TJ',
      // The region's consumer has seen (streamed live) everything logged so far.
      get lastSeq() {
        return log.last;
      },
      eventsAfter: async (afterSeq: number, limit?: number) => {
        this.reads += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return this.direct(afterSeq, limit);
      },
    } as unknown as RegionEventConsumer;
  }
}

const seqs = (events: readonly RegionEvent[]) => events.map((event) => event.seq);

test('1,000 subscribers resuming from scattered positions at once: each gets what its own read would give, from one read per block', async () => {
  const log = new FakeLog(1, 3_200);
  const shared = new SharedLogReads();
  const positions = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 3_000);
  const batches = await Promise.all(positions.map((position) => shared.eventsAfter(log.consumer(), position)));
  batches.forEach((batch, i) => expect(seqs(batch)).toEqual(seqs(log.direct(positions[i]!))));
  // Blocks 0–6 cover seqs 1–3,200 (the last one, the log's end, short); each read once.
  expect(log.reads).toBe(Math.ceil(3_200 / LOG_BLOCK_SIZE));
  expect(shared.reads()).toEqual({ TJ: log.reads });

  // Full blocks are kept: a second wave reads nothing but the log's end again.
  const readsBefore = log.reads;
  await Promise.all(positions.slice(0, 100).map((position) => shared.eventsAfter(log.consumer(), position)));
  expect(log.reads - readsBefore).toBeLessThanOrEqual(1);
});

test("the log's end is never kept: events appended later are read", async () => {
  const log = new FakeLog(1, 1_234);
  const shared = new SharedLogReads();
  expect(seqs(await shared.eventsAfter(log.consumer(), 1_100))).toEqual(seqs(log.direct(1_100)));
  log.last = 1_300;
  expect(seqs(await shared.eventsAfter(log.consumer(), 1_100))).toEqual(seqs(log.direct(1_100)));
  expect((await shared.eventsAfter(log.consumer(), 1_234)).at(-1)?.seq).toBe(1_300);
});

test('after a gap (the oldest events no longer kept) every read equals a direct one, so the gap is seen and no batch comes up short', async () => {
  const log = new FakeLog(1_201, 2_600);
  const shared = new SharedLogReads();
  for (const position of [0, 100, 1_000, 1_199, 1_200, 1_250, 1_499, 1_500, 1_501, 2_000, 2_599, 2_600]) {
    expect({ position, seqs: seqs(await shared.eventsAfter(log.consumer(), position)) }).toEqual({ position, seqs: seqs(log.direct(position)) });
  }
});

test('a failed read is not kept: the next subscriber reads again', async () => {
  const log = new FakeLog(1, 1_000);
  const shared = new SharedLogReads();
  let fail = true;
  const consumer = {
    region: 'TJ',
    eventsAfter: async (afterSeq: number, limit?: number) => {
      if (fail) throw new Error('region down');
      return log.direct(afterSeq, limit);
    },
  } as unknown as RegionEventConsumer;
  await expect(shared.eventsAfter(consumer, 10)).rejects.toThrow('region down');
  fail = false;
  expect(seqs(await shared.eventsAfter(consumer, 10))).toEqual(seqs(log.direct(10)));
});

test("a read of the log's end is shared while nothing newer has been seen, and not once the consumer has seen a newer event", async () => {
  const log = new FakeLog(1, 1_234);
  const shared = new SharedLogReads();
  const first = await Promise.all([1_100, 1_200, 1_230].map((position) => shared.eventsAfter(log.consumer(), position)));
  expect(first.map((batch) => batch.at(-1)?.seq)).toEqual([1_234, 1_234, 1_234]);
  // A later wave, nothing new logged: the same read.
  await Promise.all([1_000, 1_150].map((position) => shared.eventsAfter(log.consumer(), position)));
  expect(log.reads).toBe(1);
  // An event logged (and seen by the consumer) since: read again, and it is there.
  log.last = 1_235;
  expect((await shared.eventsAfter(log.consumer(), 1_234)).map((event) => event.seq)).toEqual([1_235]);
  expect(log.reads).toBe(2);
  // Also for a read still under way when the consumer sees a newer event: the next subscriber does not join it.
  log.last = 1_236;
  const pending = shared.eventsAfter(log.consumer(), 1_200);
  log.last = 1_237;
  const later = shared.eventsAfter(log.consumer(), 1_200);
  expect((await later).at(-1)?.seq).toBe(1_237);
  await pending;
  expect(log.reads).toBe(4);
});
