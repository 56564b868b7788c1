import type { RegionCode } from '../../../kernel';
import type { Timestamps } from './collections';

/** 市场主体, collection `enterprises` of its registration region; `_id` is the credit code. */
export interface EnterpriseDocument extends Timestamps {
  /** Unified social credit code; characters 3–4 give `registrationRegion`. */
  _id: string;
  name: string;
  registrationRegion: RegionCode;
  address: string;
  legalRepresentative: string;
  /** Industry in the words of GB/T 4754, e.g. 电动自行车制造. */
  industry: string;
  establishedAt: Date;
}
