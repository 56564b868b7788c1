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

/**
 * Development district and county bureaus (区/县市场监管局): agencies of their region that also name their GB/T 2260
 * division code, which the regions' audit log records. `npm start` does not print tokens for them (`npm run token
 * -- --agency tj-binhai-samr` mints one).
 */
export const DISTRICT_AGENCIES: Record<'TJ_BINHAI' | 'BJ_CHAOYANG' | 'HE_SANHE', Identity> = {
  TJ_BINHAI: { agency: 'tj-binhai-samr', agencyName: '天津市滨海新区市场监督管理局', region: 'TJ', district: '120116', scopes: [SCOPES.read, SCOPES.write], kind: 'agency' },
  BJ_CHAOYANG: { agency: 'bj-chaoyang-samr', agencyName: '北京市朝阳区市场监督管理局', region: 'BJ', district: '110105', scopes: [SCOPES.read, SCOPES.write], kind: 'agency' },
  HE_SANHE: { agency: 'he-sanhe-samr', agencyName: '三河市市场监督管理局', region: 'HE', district: '131082', scopes: [SCOPES.read, SCOPES.write], kind: 'agency' },
};

/**
 * Development data-protection officers (个人信息保护负责人, PIPL art. 52), one per region: `audit:read` only, so they
 * read their region's audit log (every entry, with filters) and no records. `npm start` does not print tokens for
 * them (`npm run token -- --agency tj-samr-dpo` mints one).
 */
export const DATA_PROTECTION_OFFICERS: Record<'BJ' | 'TJ' | 'HE', Identity> = {
  BJ: { agency: 'bj-samr-dpo', agencyName: '北京市市场监督管理局个人信息保护负责人', region: 'BJ', scopes: [SCOPES.auditRead], kind: 'agency' },
  TJ: { agency: 'tj-samr-dpo', agencyName: '天津市市场监督管理委员会个人信息保护负责人', region: 'TJ', scopes: [SCOPES.auditRead], kind: 'agency' },
  HE: { agency: 'he-samr-dpo', agencyName: '河北省市场监督管理局个人信息保护负责人', region: 'HE', scopes: [SCOPES.auditRead], kind: 'agency' },
};

/** Every identity known by its agency id (development bureaus, district bureaus, data-protection officers, the public token). */
export const KNOWN_AGENCIES: readonly Identity[] = [...Object.values(DEVELOPMENT_AGENCIES), ...Object.values(DISTRICT_AGENCIES), ...Object.values(DATA_PROTECTION_OFFICERS)];

export function agencyOf(region: RegionCode): Identity {
  return DEVELOPMENT_AGENCIES[region];
}
