import { AnalysisAlertsByLevelDocument, type AnalysisAlertsByLevelQuery, type AnalysisAlertsByLevelQueryVariables, type ProductCategory, type RiskLevel } from '../../../../clients/generated/graphql';
import { PRODUCT_CATEGORIES_IN_ORDER, productCategoryLabel, RISK_LEVELS_IN_ORDER, riskLevelLabel } from '../../labels';
import { dateBounds, definedOnly, exportParameters, lastTwelveMonths, NO_ANALYSIS_FILTERS, regionValues, type AnalysisFilters } from '../analysisFilters';
import type { ChartDefinition } from '../chartDefinition';
import { baseOption, cell } from '../chartStyle';

const LEVEL_COLOURS: Readonly<Record<RiskLevel, string>> = { LOW: '#4f9d69', MEDIUM: '#d9a404', HIGH: '#e0701b', SEVERE: '#b3261e' };

const productCategoryOf = (value: string | null) => PRODUCT_CATEGORIES_IN_ORDER.find((category) => category === value);
const riskLevelOf = (value: string | null) => RISK_LEVELS_IN_ORDER.find((level) => level === value);

function conditions(filters: AnalysisFilters) {
  const bounds = dateBounds(filters);
  const category = productCategoryOf(filters.category);
  const level = riskLevelOf(filters.level);
  return { regions: regionValues(filters), categories: category ? [category] : undefined, levels: level ? [level] : undefined, issuedFrom: bounds.from, issuedTo: bounds.to };
}

/** 风险预警（按产品类别、风险等级）: risk alert statistics grouped by CATEGORY × LEVEL, stacked bars per category. */
export const ALERTS_BY_LEVEL: ChartDefinition<AnalysisAlertsByLevelQuery, AnalysisAlertsByLevelQueryVariables> = {
  id: 'alerts-by-level',
  title: '风险预警的产品类别与风险等级',
  description: '按产品类别和风险等级统计的风险预警数量（三地合计，可按发布地区筛选）。',
  document: AnalysisAlertsByLevelDocument,
  fields: {
    regionLegend: '发布地区',
    dateLegend: '发布日期',
    category: { label: '产品类别', allLabel: '全部类别', options: PRODUCT_CATEGORIES_IN_ORDER.map((value) => ({ value, label: productCategoryLabel(value) })) },
    level: { label: '风险等级', allLabel: '全部等级', options: RISK_LEVELS_IN_ORDER.map((value) => ({ value, label: riskLevelLabel(value) })) },
  },
  initialFilters: () => ({ ...NO_ANALYSIS_FILTERS, ...lastTwelveMonths() }),
  variables: (filters) => ({ filter: definedOnly(conditions(filters)) }),
  exportRequest: (filters) => ({ list: 'riskAlerts', label: '导出风险预警明细（CSV）', parameters: exportParameters(conditions(filters)) }),
  view(data, filters) {
    const counts = new Map<string, number>();
    for (const group of data.riskAlertStatistics ?? []) {
      if (group.key.category && group.key.level) counts.set(`${group.key.category} ${group.key.level}`, group.count);
    }
    const chosenCategory = productCategoryOf(filters.category);
    const chosenLevel = riskLevelOf(filters.level);
    const categories: readonly ProductCategory[] = chosenCategory ? [chosenCategory] : PRODUCT_CATEGORIES_IN_ORDER;
    const levels: readonly RiskLevel[] = chosenLevel ? [chosenLevel] : RISK_LEVELS_IN_ORDER;
    const countOf = (category: ProductCategory, level: RiskLevel) => counts.get(`${category} ${level}`) ?? 0;
    // Top to bottom in the list's order: a category axis on y runs bottom-up, so it is given reversed.
    const axisCategories = [...categories].reverse();
    return {
      option: {
        ...baseOption,
        grid: { ...baseOption.grid, left: 8, bottom: 40 },
        xAxis: { type: 'value', name: '预警数量（条）', nameLocation: 'middle', nameGap: 28, minInterval: 1 },
        yAxis: { type: 'category', data: axisCategories.map(productCategoryLabel), axisLabel: { interval: 0 } },
        series: levels.map((level) => ({
          id: level,
          name: riskLevelLabel(level),
          type: 'bar',
          stack: 'level',
          barMaxWidth: 22,
          itemStyle: { color: LEVEL_COLOURS[level] },
          data: axisCategories.map((category) => countOf(category, level)),
        })),
      },
      table: {
        columns: ['产品类别', ...levels.map(riskLevelLabel), '合计'],
        rows: categories.map((category) => {
          const values = levels.map((level) => countOf(category, level));
          return [productCategoryLabel(category), ...values.map((value) => cell(value)), cell(values.reduce((sum, value) => sum + value, 0))];
        }),
      },
    };
  },
};
