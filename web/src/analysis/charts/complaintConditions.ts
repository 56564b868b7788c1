import { ALL_REGION_CODES, type RegionCode } from '../../../../kernel/regions';
import { COMPLAINT_CATEGORIES_IN_ORDER, complaintCategoryLabel } from '../../labels';
import { dateBounds, regionValues, type AnalysisFilters } from '../analysisFilters';
import type { FilterFields } from '../FilterForm';

/**
 * The complaint charts' conditions: regions are handling regions (处理地: the business's region, which handles the
 * complaint), dates are receipt dates; the same for the statistics' filter and the export's parameters.
 */
export function complaintConditions(filters: AnalysisFilters) {
  const bounds = dateBounds(filters);
  const category = COMPLAINT_CATEGORIES_IN_ORDER.find((value) => value === filters.category);
  return { handlingRegions: regionValues(filters), categories: category ? [category] : undefined, receivedFrom: bounds.from, receivedTo: bounds.to };
}

export const COMPLAINT_FIELDS: FilterFields = {
  regionLegend: '处理地',
  dateLegend: '登记日期',
  category: { label: '投诉类别', allLabel: '全部类别', options: COMPLAINT_CATEGORIES_IN_ORDER.map((value) => ({ value, label: complaintCategoryLabel(value) })) },
};

export const chosenHandlingRegions = (filters: AnalysisFilters): readonly RegionCode[] => (filters.regions.length > 0 ? filters.regions : ALL_REGION_CODES);
