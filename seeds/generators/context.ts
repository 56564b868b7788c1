import type { ProductCategory, RegionCode, WorkingDayCalendar } from '../../kernel';
import type { EnterpriseDocument } from '../../services/regional/model';
import type { ServiceIndustryKey } from '../vocabulary/businesses';
import type { District } from '../vocabulary/geography';

/** Settings every generator reads. */
export interface GeneratorContext {
  seed: number;
  /** Records are dated in [from, to). */
  from: Date;
  to: Date;
  /** "Now" for the data: statuses reflect what had happened by then. */
  asOf: Date;
  calendar: WorkingDayCalendar;
}

/** An enterprise with the facts the other generators need, which its document does not hold. */
export interface EnterpriseSeed {
  doc: EnterpriseDocument;
  region: RegionCode;
  district: District;
  /** 字号, used as the brand of its products. */
  tradeName: string;
  /** Set for manufacturers. */
  category: ProductCategory | null;
  /** Set for service businesses. */
  service: ServiceIndustryKey | null;
}

export type EnterprisesByRegion = Readonly<Record<RegionCode, readonly EnterpriseSeed[]>>;
