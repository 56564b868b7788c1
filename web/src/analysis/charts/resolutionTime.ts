import { AnalysisResolutionTimeDocument, type AnalysisResolutionTimeQuery, type AnalysisResolutionTimeQueryVariables } from '../../../../clients/generated/graphql';
import { regionCodeOf, type RegionCode } from '../../../../kernel/regions';
import { regionCodeLabel } from '../../labels';
import { definedOnly, exportParameters, lastTwelveMonths, NO_ANALYSIS_FILTERS } from '../analysisFilters';
import type { ChartDefinition } from '../chartDefinition';
import { baseOption, cell, valueAxis } from '../chartStyle';
import { chosenHandlingRegions, COMPLAINT_FIELDS, complaintConditions } from './complaintConditions';

type Durations = NonNullable<NonNullable<AnalysisResolutionTimeQuery['complaintStatistics']>[number]['durations']>;
export type ComplaintStage = keyof Durations;

export const COMPLAINT_STAGES: ReadonlyArray<{ value: ComplaintStage; label: string }> = [
  { value: 'acceptanceToClosure', label: '受理 → 办结/终止' },
  { value: 'receiptToAcceptance', label: '登记 → 受理/不予受理' },
  { value: 'receiptToFeedback', label: '登记 → 反馈' },
];
const stageOf = (value: string | null): ComplaintStage => COMPLAINT_STAGES.find((stage) => stage.value === value)?.value ?? 'acceptanceToClosure';

const MEASURES = [
  { key: 'median', label: '中位数', colour: '#1f5fa8' },
  { key: 'p90', label: '第90百分位', colour: '#b3261e' },
  { key: 'mean', label: '平均值', colour: '#8a8f98' },
] as const;

/** 投诉处理用时（按处理地）: complaint durations in working days per HANDLING_REGION, for the stage chosen. */
export const RESOLUTION_TIME: ChartDefinition<AnalysisResolutionTimeQuery, AnalysisResolutionTimeQueryVariables> = {
  id: 'resolution-time',
  title: '各处理地的投诉处理用时（工作日）',
  description: '按处理地统计所选环节的用时：中位数、第90百分位和平均值，以处理地的法定工作日计（节假日与调休已计入）。',
  document: AnalysisResolutionTimeDocument,
  fields: { ...COMPLAINT_FIELDS, view: { label: '环节', options: COMPLAINT_STAGES } },
  initialFilters: () => ({ ...NO_ANALYSIS_FILTERS, ...lastTwelveMonths(), view: 'acceptanceToClosure' }),
  variables: (filters) => ({ filter: definedOnly(complaintConditions(filters)) }),
  exportRequest: (filters) => ({ list: 'complaints', label: '导出投诉明细（CSV）', parameters: exportParameters(complaintConditions(filters)) }),
  view(data, filters) {
    const stage = stageOf(filters.view);
    const byRegion = new Map<RegionCode, Durations[ComplaintStage]['workingDays']>();
    for (const group of data.complaintStatistics ?? []) {
      if (group.key.handlingRegion && group.durations) byRegion.set(regionCodeOf(group.key.handlingRegion), group.durations[stage].workingDays);
    }
    const regions = chosenHandlingRegions(filters);
    const stageLabel = COMPLAINT_STAGES.find((entry) => entry.value === stage)!.label;
    return {
      option: {
        ...baseOption,
        xAxis: { type: 'category', data: regions.map(regionCodeLabel) },
        yAxis: { ...valueAxis(`${stageLabel}（工作日）`), minInterval: 0 },
        series: MEASURES.map((measure) => ({
          id: measure.key,
          name: measure.label,
          type: 'bar',
          barMaxWidth: 40,
          itemStyle: { color: measure.colour },
          label: { show: true, position: 'top', formatter: ({ value }: { value: unknown }) => (typeof value === 'number' ? cell(value, measure.key === 'mean' ? 1 : 0) : '') },
          data: regions.map((region) => byRegion.get(region)?.[measure.key] ?? null),
        })),
      },
      table: {
        columns: ['处理地', '已完成该环节的投诉（件）', '中位数（工作日）', '第90百分位（工作日）', '平均值（工作日）'],
        rows: regions.map((region) => {
          const measures = byRegion.get(region);
          return [regionCodeLabel(region), cell(measures?.count ?? 0), cell(measures?.median), cell(measures?.p90), cell(measures?.mean, 1)];
        }),
      },
    };
  },
};
