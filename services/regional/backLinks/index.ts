import type { Collection } from 'mongodb';
import type { Logger } from 'pino';
import { ALL_REGION_CODES, type RegionCode } from '../../../kernel';
import type { WriteContext } from '../data/recordWrites';
import type { EventLogDocument } from '../events/eventLog';
import { BackLinkKeeper } from './backLinkKeeper';
import { ClueTransferKeeper } from './clueTransfers';
import { EventFollower, followedPositions } from './eventFollower';
import { ownEventSource, peerEventSource } from './eventSources';

export interface BackLinks {
  /** How far each region's events have been applied here. */
  appliedSeq(region: RegionCode): number | undefined;
  /** Reads this region's own log at once (a write was just logged). */
  nudge(): void;
  stop(): Promise<void>;
}

/**
 * Follows every region's events (this region's own log from its database, the others' streams at their PEER_URL)
 * and keeps the back-links of this region's records and the clue transfers (clueTransfers.ts). A region with no peer URL is not followed (logged once).
 */
export function startBackLinks(options: {
  region: RegionCode;
  context: WriteContext;
  eventLog: Collection<EventLogDocument>;
  peerUrls: Partial<Record<RegionCode, string>>;
  internalIdentitySecret: string;
  pollMs: number;
  logger: Logger;
}): BackLinks {
  const logger = options.logger.child({ job: 'back-links' });
  const keeper = new BackLinkKeeper(options.region, options.context, logger);
  // Clue transfers ride the same followers: one position per source region, events applied in order.
  const clues = new ClueTransferKeeper(options.region, options.context, logger);
  const positions = followedPositions(options.context.database.db);
  const followers = new Map<RegionCode, EventFollower>();
  for (const source of ALL_REGION_CODES) {
    const peerUrl = options.peerUrls[source];
    if (source !== options.region && !peerUrl) {
      logger.warn({ peer: source }, `PEER_URL_${source} is not set: back-links for records cited by ${source} are not kept`);
      continue;
    }
    const events = source === options.region ? ownEventSource(source, options.eventLog) : peerEventSource(source, options.region, peerUrl!, options.internalIdentitySecret);
    followers.set(source, new EventFollower(events, positions, async (event) => {
      await keeper.apply(event);
      await clues.apply(event);
    }, logger, options.pollMs));
  }
  for (const follower of followers.values()) follower.start();
  return {
    appliedSeq: (region) => followers.get(region)?.appliedSeq,
    nudge: () => followers.get(options.region)?.nudge(),
    stop: async () => {
      await Promise.all([...followers.values()].map((follower) => follower.stop()));
    },
  };
}
