import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { EVENT_STREAM_OPERATIONS, EVENTS_PATH, type GiAuthorisation } from '../../../../contract';
import { GEOGRAPHICAL_INDICATION_STATUS_LABELS, GI_PRODUCER_STATUS_LABELS, regionChineseName, regionOfRecordId, type GeographicalIndicationStatus, type GiProducerStatus, type RegionCode } from '../../../../kernel';
import { signInternalIdentity } from '../../../../platform/identity';
import { regionSystemIdentity } from '../../auth/systemIdentity';
import type { RegionalContext } from '../../context';
import { BadUserInputError, PeerRegionUnavailableError } from '../../data/domainErrors';
import type { RegionalDatabase } from '../../data/database';
import { giProducerStatuses } from '../../model';

/** A GI of this region as an inspecting region checks it (also what this region answers its peers). */
export async function ownGiAuthorisation(database: RegionalDatabase, id: string): Promise<GiAuthorisation | null> {
  const gi = await database.geographicalIndications.findOne({ _id: id });
  return gi ? { id: gi._id, region: gi.region, productName: gi.productName, status: gi.status, producers: giProducerStatuses(gi) } : null;
}

/** Asks the registering regions (their event-stream endpoint, with this region's service identity) about their GIs. */
export interface PeerGiAuthorisations {
  ask(region: RegionCode, id: string): Promise<GiAuthorisation | null>;
  close(): Promise<void>;
}

const ASK_TIMEOUT_MS = 5000;

export function peerGiAuthorisations(self: RegionCode, peerUrls: Partial<Record<RegionCode, string>>, internalIdentitySecret: string): PeerGiAuthorisations {
  const clients = new Map<RegionCode, Client>();
  const clientOf = (region: RegionCode): Client | null => {
    const baseUrl = peerUrls[region];
    if (!baseUrl) return null;
    let client = clients.get(region);
    if (!client) {
      client = createClient({
        url: `${baseUrl.replace(/^http/, 'ws')}${EVENTS_PATH}`,
        webSocketImpl: WebSocket,
        lazy: true,
        lazyCloseTimeout: 30_000,
        retryAttempts: 0,
        connectionParams: () => ({ identity: signInternalIdentity(regionSystemIdentity(self), internalIdentitySecret, { region, endpoint: 'events' }) }),
      });
      clients.set(region, client);
    }
    return client;
  };
  return {
    async ask(region, id) {
      const client = clientOf(region);
      if (!client) throw new Error(`PEER_URL_${region} is not set`);
      let timer: NodeJS.Timeout | undefined;
      const answer = (async () => {
        for await (const result of client.iterate<{ giAuthorisation: string | null }>({ query: EVENT_STREAM_OPERATIONS.giAuthorisation, variables: { id } })) {
          if (result.errors?.length) throw new Error(result.errors[0]!.message);
          const text = result.data?.giAuthorisation ?? null;
          return text === null ? null : (JSON.parse(text) as GiAuthorisation);
        }
        throw new Error('no answer');
      })();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ASK_TIMEOUT_MS} ms`)), ASK_TIMEOUT_MS);
      });
      try {
        return await Promise.race([answer, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await Promise.all([...clients.values()].map((client) => client.dispose()));
      clients.clear();
    },
  };
}

/**
 * An inspection checks the producer's authorisation with the GI's registering region as it is now: the GI must not
 * be revoked and the producer must be one of its authorised producers, neither suspended nor revoked. Each refusal is
 * BAD_USER_INPUT with its reason (GI_REVOKED, PRODUCER_NOT_AUTHORISED, AUTHORISATION_SUSPENDED, AUTHORISATION_REVOKED).
 */
export async function requireAuthorisedProducer(context: RegionalContext, giId: string, producerCreditCode: string): Promise<GiAuthorisation> {
  const owner = regionOfRecordId(giId)!;
  let gi: GiAuthorisation | null;
  if (owner === context.region) {
    gi = await ownGiAuthorisation(context.database, giId);
  } else {
    if (!context.peerGiAuthorisations) throw new PeerRegionUnavailableError(owner, `无法向${regionChineseName(owner)}核实地理标志保护产品 ${giId} 的授权情况 (no peer connection configured), so nothing was written`);
    try {
      gi = await context.peerGiAuthorisations.ask(owner, giId);
    } catch (error) {
      throw new PeerRegionUnavailableError(owner, `无法向${regionChineseName(owner)}核实地理标志保护产品 ${giId} 的授权情况 (${(error as Error).message}), so nothing was written; try again`);
    }
  }
  if (!gi) throw new BadUserInputError('geographicalIndicationId', `地理标志保护产品 ${giId} 不存在`, 'GI_NOT_FOUND');
  if (gi.status === 'REVOKED') {
    throw new BadUserInputError(
      'geographicalIndicationId',
      `地理标志保护产品「${gi.productName}」(${gi.id}) ${GEOGRAPHICAL_INDICATION_STATUS_LABELS[gi.status as GeographicalIndicationStatus]}保护，不再核查其专用标志使用`,
      'GI_REVOKED',
    );
  }
  const status = gi.producers[producerCreditCode] as GiProducerStatus | undefined;
  if (!status) {
    throw new BadUserInputError(
      'producerCreditCode',
      `企业 ${producerCreditCode} 不是地理标志保护产品「${gi.productName}」(${gi.id}) 的专用标志使用企业，不能按该产品核查`,
      'PRODUCER_NOT_AUTHORISED',
    );
  }
  if (status !== 'AUTHORISED') {
    throw new BadUserInputError(
      'producerCreditCode',
      `企业 ${producerCreditCode} 使用地理标志保护产品「${gi.productName}」(${gi.id}) 专用标志的授权已${GI_PRODUCER_STATUS_LABELS[status].replace('使用', '')}（${GI_PRODUCER_STATUS_LABELS[status]}），不能按该产品核查`,
      status === 'SUSPENDED' ? 'AUTHORISATION_SUSPENDED' : 'AUTHORISATION_REVOKED',
    );
  }
  return gi;
}
