import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { hasErrorCode, unavailableRegionsOf } from '../api/responseErrors';
import { regionCodeLabel } from '../labels';
import type { ChartDefinition, TableView } from './chartDefinition';
import { ChartView } from './ChartView';
import { ExportButton } from './ExportButton';
import { FilterForm } from './FilterForm';
import { graphiqlHref } from './graphiqlLink';

function DataTable({ id, title, table }: { id: string; title: string; table: TableView }) {
  return (
    <details className="analysis-table" data-testid={`table-${id}`}>
      <summary>表格视图</summary>
      <div className="table-scroll">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row[0]}>
                {row.map((value, index) =>
                  index === 0 ? (
                    <th key={index} scope="row">
                      {value}
                    </th>
                  ) : (
                    <td key={index}>{value}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/**
 * A chart with its filters, export button, GraphiQL link and table. `data-status` (loading, ready, partial, error) and
 * `data-variables` (the query's variables as sent) on the section say what is shown.
 */
export function ChartPanel<Data, Variables extends Record<string, unknown>>({ definition, token, graphiql }: { definition: ChartDefinition<Data, Variables>; token: string; graphiql: boolean }) {
  const [filters, setFilters] = useState(definition.initialFilters);
  const variables = useMemo(() => definition.variables(filters), [definition, filters]);
  const variablesKey = JSON.stringify(variables);
  const [result, reexecute] = useQuery({ query: definition.document, variables });
  const retry = () => reexecute({ requestPolicy: 'network-only' });
  const missingRegions = unavailableRegionsOf(result.error);
  const shown = useMemo(() => (result.data && (!result.error || missingRegions.length > 0) ? definition.view(result.data, filters) : null), [definition, result.data, result.error, filters]);
  // ready: the whole answer; partial: some regions could not answer; error: no usable answer.
  const status = result.fetching ? 'loading' : !result.error ? 'ready' : result.data && missingRegions.length > 0 ? 'partial' : 'error';
  const headingId = `${definition.id}-heading`;

  return (
    <section className="analysis-panel" aria-labelledby={headingId} aria-busy={result.fetching} data-testid={`panel-${definition.id}`} data-status={status} data-variables={variablesKey}>
      <h2 id={headingId}>{definition.title}</h2>
      <p className="hint">{definition.description}</p>
      <FilterForm key={JSON.stringify(filters)} id={definition.id} fields={definition.fields} applied={filters} onApply={setFilters} />
      <div className="analysis-actions">
        <ExportButton token={token} request={definition.exportRequest(filters)} testId={`${definition.id}-export`} />
        {graphiql && (
          <a className="analysis-graphiql" href={graphiqlHref(definition.document, variables)} target="_blank" rel="noopener" data-testid={`${definition.id}-graphiql`}>
            在 GraphiQL 中打开此查询
          </a>
        )}
      </div>
      {result.error && hasErrorCode(result.error, 'UNAUTHENTICATED') && (
        <p className="notice notice-error" role="alert">
          令牌无效或已过期：请点击“退出（清除令牌）”后重新输入机构令牌。
        </p>
      )}
      {result.error && !hasErrorCode(result.error, 'UNAUTHENTICATED') && missingRegions.length === 0 && (
        <p className="notice notice-error" role="alert" data-testid={`${definition.id}-error`}>
          <span>查询失败：{result.error.graphQLErrors[0]?.message ?? result.error.message}</span>
          <button type="button" className="button button-secondary" onClick={retry}>
            重新查询
          </button>
        </p>
      )}
      {missingRegions.length > 0 && (
        <p className="notice" role="status">
          <span>{missingRegions.map(regionCodeLabel).join('、')}暂时无法访问，图表只含其余地区的数据。</span>
          <button type="button" className="button button-secondary" onClick={retry}>
            重新查询
          </button>
        </p>
      )}
      <ChartView option={shown?.option ?? null} optionKey={variablesKey} label={definition.title} testId={`chart-${definition.id}`} />
      {shown && <DataTable id={definition.id} title={definition.title} table={shown.table} />}
    </section>
  );
}
