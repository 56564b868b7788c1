import { AnalysisOverdueComplaintsDocument, type AnalysisOverdueComplaintsQuery, type AnalysisOverdueComplaintsQueryVariables } from '../../../../clients/generated/graphql';
import { regionCodeOf, type RegionCode } from '../../../../kernel/regions';
import { regionCodeLabel } from '../../labels';
import { definedOnly, exportParameters, NO_ANALYSIS_FILTERS } from '../analysisFilters';
import type { ChartDefinition } from '../chartDefinition';
import { baseOption, cell, countLabel, valueAxis } from '../chartStyle';
import { chosenHandlingRegions, COMPLAINT_FIELDS, complaintConditions } from './complaintConditions';

type Group = NonNullable<AnalysisOverdueComplaintsQuery['complaintStatistics']>[number];
type Stage = keyof NonNullable<Group['overdueByStage']>;

/** The four counts of OverdueByStageCounts, as the chart names them. */
export const OVERDUE_STAGES: ReadonlyArray<{ key: Stage; label: string; colour: string }> = [
  { key: 'acceptance', label: '逾期未受理', colour: '#b3261e' },
  { key: 'mediation', label: '调解超期', colour: '#e0701b' },
  { key: 'decidedLate', label: '受理决定超时', colour: '#1f5fa8' },
  { key: 'closedLate', label: '办结超时', colour: '#6b4fa0' },
];

/** 逾期投诉（按处理地）: overdue counts per stage, per HANDLING_REGION. */
export const OVERDUE_COMPLAINTS: ChartDefinition<AnalysisOverdueComplaintsQuery, AnalysisOverdueComplaintsQueryVariables> = {
  id: 'overdue-complaints',
  title: '各处理地的逾期投诉',
  description: '逾期未受理、调解超期为当前仍未办结的投诉；受理决定超时、办结超时为已完成但超过法定期限（7 个、45 个工作日）的投诉。',
  document: AnalysisOverdueComplaintsDocument,
  fields: COMPLAINT_FIELDS,
  initialFilters: () => NO_ANALYSIS_FILTERS,
  variables: (filters) => ({ filter: definedOnly(complaintConditions(filters)) }),
  exportRequest: (filters) => ({ list: 'complaints', label: '导出当前逾期投诉（CSV）', parameters: exportParameters({ ...complaintConditions(filters), overdue: true }) }),
  view(data, filters) {
    const byRegion = new Map<RegionCode, Group>();
    for (const group of data.complaintStatistics ?? []) if (group.key.handlingRegion) byRegion.set(regionCodeOf(group.key.handlingRegion), group);
    const regions = chosenHandlingRegions(filters);
    const countOf = (region: RegionCode, stage: Stage) => byRegion.get(region)?.overdueByStage?.[stage] ?? 0;
    return {
      option: {
        ...baseOption,
        xAxis: { type: 'category', data: regions.map(regionCodeLabel) },
        yAxis: valueAxis('投诉数量（件）'),
        series: OVERDUE_STAGES.map((stage) => ({
          id: stage.key,
          name: stage.label,
          type: 'bar',
          barMaxWidth: 36,
          itemStyle: { color: stage.colour },
          label: countLabel,
          data: regions.map((region) => countOf(region, stage.key)),
        })),
      },
      table: {
        columns: ['处理地', '投诉总数（件）', '当前逾期（件）', ...OVERDUE_STAGES.map((stage) => `${stage.label}（件）`)],
        rows: regions.map((region) => {
          const group = byRegion.get(region);
          return [regionCodeLabel(region), cell(group?.count ?? 0), cell(group?.overdue ?? 0), ...OVERDUE_STAGES.map((stage) => cell(countOf(region, stage.key)))];
        }),
      },
    };
  },
};
