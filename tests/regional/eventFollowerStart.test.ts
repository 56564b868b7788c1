/**
 * A region follows the other regions' event streams (back-links, clue transfers). At start its database may not
 * answer yet (an engine under load, a failover): reading where it had got to must be retried like any read, not
 * reject unhandled — which ended the regional process (seen as a region refusing connections for a whole test run).
 */
import type { Collection } from 'mongodb';
import pino from 'pino';
import type { RegionEvent } from '../../contract';
import { EventFollower, type FollowedPositionDocument } from '../../services/regional/backLinks/eventFollower';
import type { EventSource } from '../../services/regional/backLinks/eventSources';

function event(seq: number): RegionEvent {
  return { seq, eventId: `e${seq}`, type: 'RECALL_PUBLISHED', entity: 'ProductRecall', recordId: `r${seq}`, region: 'BJ', at: '2026-12-06T00:00:00.000Z', snapshot: { region: 'BJ' } };
}

test('a follower whose first read of its position fails retries it, then applies the events after it', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  let positionReads = 0;
  const positions = {
    findOne: async () => {
      positionReads += 1;
      if (positionReads === 1) throw new Error('Topology is closed');
      return { _id: 'BJ', seq: 2, updatedAt: new Date() };
    },
    updateOne: async () => ({}),
  } as unknown as Collection<FollowedPositionDocument>;
  const source: EventSource = { region: 'BJ', eventsAfter: async (afterSeq) => [event(1), event(2), event(3), event(4)].filter((candidate) => candidate.seq > afterSeq), close: async () => undefined };
  const applied: number[] = [];
  const follower = new EventFollower(source, positions, async (applying) => void applied.push(applying.seq), pino({ level: 'silent' }), 10);
  follower.start();
  const deadline = Date.now() + 5000;
  while (applied.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await follower.stop();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
  expect(positionReads).toBe(2);
  expect(applied).toEqual([3, 4]);
});
