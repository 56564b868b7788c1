import { COMPLAINT_PERSONAL_DATA } from '../entities/complaint/complaint.retention';
import type { RegisteredPersonalDataRule } from './rule';

/**
 * Every kind of record that holds personal data and how long it may keep it after closure: one line per entity,
 * its rule declared in the entity's folder. The personal-data job (retentionJob.ts) sweeps each.
 */
export const PERSONAL_DATA_RULES: readonly RegisteredPersonalDataRule[] = [COMPLAINT_PERSONAL_DATA];
