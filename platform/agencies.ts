import type { RegionCode } from '../kernel';
import { SCOPES, type Identity } from './identity';

/** Who the public pages are: read-only, recalls and risk alerts (tokens from POST /public-token). */
export const PUBLIC_IDENTITY: Identity = { agency: 'public', agencyName: '公众召回信息页', region: null, scopes: [SCOPES.publicRead], kind: 'public' };

/** The development identities: one bureau per region and the read-only public token. */
export const DEVELOPMENT_AGENCIES: Record<'BJ' | 'TJ' | 'HE' | 'PUBLIC', Identity> = {
  BJ: { agency: 'bj-samr', agencyName: '北京市市场监督管理局', region: 'BJ', scopes: [SCOPES.read, SCOPES.write], kind: 'agency' },
  TJ: { agency: 'tj-samr', agencyName: '天津市市场监督管理委员会', region: 'TJ', scopes: [SCOPES.read, SCOPES.write], kind: 'agency' },
  HE: { agency: 'he-samr', agencyName: '河北省市场监督管理局', region: 'HE', scopes: [SCOPES.read, SCOPES.write], kind: 'agency' },
  PUBLIC: PUBLIC_IDENTITY,
};

export function agencyOf(region: RegionCode): Identity {
  return DEVELOPMENT_AGENCIES[region];
}
