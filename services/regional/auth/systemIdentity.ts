import { regionChineseName, type RegionCode } from '../../../kernel';
import type { Identity } from '../../../platform/identity';

/**
 * The regional service itself, as its own jobs' audit entries name it (e.g. `jjj-hub-tj`). It never comes from a
 * request: requests carry the gateway-signed identity of a client.
 */
export function regionSystemIdentity(region: RegionCode): Identity {
  return { agency: `jjj-hub-${region.toLowerCase()}`, agencyName: `京津冀平台${regionChineseName(region)}区域服务（系统）`, region, scopes: [], kind: 'service' };
}
