import { AnalysisRecallsByMonthDocument, type AnalysisRecallsByMonthQuery, type AnalysisRecallsByMonthQueryVariables } from '../../../../clients/generated/graphql';
import { ALL_REGION_CODES, regionCodeOf, type RegionCode } from '../../../../kernel/regions';
import { PRODUCT_CATEGORIES_IN_ORDER, productCategoryLabel, regionCodeLabel } from '../../labels';
import { dateBounds, definedOnly, exportParameters, lastTwelveMonths, NO_ANALYSIS_FILTERS, regionValues, type AnalysisFilters } from '../analysisFilters';
import type { ChartDefinition } from '../chartDefinition';
import { baseOption, cell, REGION_COLOURS, valueAxis } from '../chartStyle';
import { monthLabel, monthsBetween } from '../months';

const productCategoryOf = (value: string | null) => PRODUCT_CATEGORIES_IN_ORDER.find((category) => category === value);
const chosenRegions = (filters: AnalysisFilters): readonly RegionCode[] => (filters.regions.length > 0 ? filters.regions : ALL_REGION_CODES);

/** 召回数量（按月、按地区）: recall statistics grouped by REGION × MONTH, one line per region. */
export const RECALLS_BY_MONTH: ChartDefinition<AnalysisRecallsByMonthQuery, AnalysisRecallsByMonthQueryVariables> = {
  id: 'recalls-by-month',
  title: '各地每月发布的缺陷产品召回',
  description: '按发布地区和发布月份（北京时间）统计的召回数量。',
  document: AnalysisRecallsByMonthDocument,
  fields: {
    regionLegend: '发布地区',
    dateLegend: '发布日期',
    category: { label: '产品类别', allLabel: '全部类别', options: PRODUCT_CATEGORIES_IN_ORDER.map((value) => ({ value, label: productCategoryLabel(value) })) },
  },
  initialFilters: () => ({ ...NO_ANALYSIS_FILTERS, ...lastTwelveMonths() }),
  variables(filters) {
    const bounds = dateBounds(filters);
    const category = productCategoryOf(filters.category);
    return { filter: definedOnly({ regions: regionValues(filters), categories: category ? [category] : undefined, announcedFrom: bounds.from, announcedTo: bounds.to }) };
  },
  exportRequest(filters) {
    const bounds = dateBounds(filters);
    const category = productCategoryOf(filters.category);
    return {
      list: 'recalls',
      label: '导出召回明细（CSV）',
      parameters: exportParameters({ regions: regionValues(filters), categories: category ? [category] : undefined, announcedFrom: bounds.from, announcedTo: bounds.to }),
    };
  },
  view(data, filters) {
    const counts = new Map<string, number>();
    for (const group of data.recallStatistics ?? []) {
      if (group.key.region && group.key.month) counts.set(`${regionCodeOf(group.key.region)} ${group.key.month}`, group.count);
    }
    const months = monthsBetween(filters.from, filters.to, [...counts.keys()].map((key) => key.slice(3)));
    const regions = chosenRegions(filters);
    const countOf = (region: RegionCode, month: string) => counts.get(`${region} ${month}`) ?? 0;
    return {
      option: {
        ...baseOption,
        xAxis: { type: 'category', data: months.map(monthLabel), axisLabel: { hideOverlap: true } },
        yAxis: valueAxis('召回数量（次）'),
        series: regions.map((region) => ({
          id: region,
          name: regionCodeLabel(region),
          type: 'line',
          symbolSize: 6,
          itemStyle: { color: REGION_COLOURS[region] },
          lineStyle: { color: REGION_COLOURS[region] },
          data: months.map((month) => countOf(region, month)),
        })),
      },
      table: {
        columns: ['月份', ...regions.map(regionCodeLabel), '合计'],
        rows: months.map((month) => {
          const values = regions.map((region) => countOf(region, month));
          return [monthLabel(month), ...values.map((value) => cell(value)), cell(values.reduce((sum, value) => sum + value, 0))];
        }),
      },
    };
  },
};
