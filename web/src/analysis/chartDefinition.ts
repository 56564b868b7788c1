import type { TypedDocumentNode } from 'urql';
import type { AnalysisFilters } from './analysisFilters';
import type { ChartOption } from './echarts';
import type { ExportRequest } from './ExportButton';
import type { FilterFields } from './FilterForm';

/** The numbers of a chart as a table: a header row and one row per category of the chart. */
export interface TableView {
  columns: readonly string[];
  rows: ReadonlyArray<readonly string[]>;
}

/**
 * One chart of the console: its statistics query, how the filters become the query's variables and the export's
 * parameters, and how an answer becomes the chart's option and its table.
 */
export interface ChartDefinition<Data, Variables extends Record<string, unknown>> {
  /** Test ids and element ids start with it: `chart-<id>`, `<id>-apply`, `<id>-export`, … */
  id: string;
  title: string;
  description: string;
  document: TypedDocumentNode<Data, Variables>;
  fields: FilterFields;
  initialFilters(): AnalysisFilters;
  variables(filters: AnalysisFilters): Variables;
  exportRequest(filters: AnalysisFilters): ExportRequest;
  view(data: Data, filters: AnalysisFilters): { option: ChartOption; table: TableView };
}
