import { useState } from 'react';
import { formatCount } from '../format/numbers';
import { downloadExport, ExportFailure } from './exportDownload';

export interface ExportRequest {
  /** The export's name: /export/<list>. */
  list: string;
  parameters: URLSearchParams;
  /** The button's text, e.g. 导出召回明细（CSV）. */
  label: string;
}

type ExportState = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; fileName: string; rows: number | null } | { kind: 'failed'; message: string };

/** Downloads the records behind a chart as CSV (UTF-8 with BOM, for Excel), with the chart's filters. */
export function ExportButton({ token, request, testId }: { token: string; request: ExportRequest; testId: string }) {
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const run = async () => {
    setState({ kind: 'running' });
    try {
      setState({ kind: 'done', ...(await downloadExport(token, request.list, request.parameters)) });
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof ExportFailure ? error.message : '导出失败。' });
    }
  };
  return (
    <span className="analysis-export">
      <button type="button" className="button button-secondary" data-testid={testId} disabled={state.kind === 'running'} onClick={() => void run()}>
        {state.kind === 'running' ? '正在导出…' : request.label}
      </button>
      <span role="status" className={state.kind === 'failed' ? 'field-error' : 'hint'} data-testid={`${testId}-status`} data-state={state.kind}>
        {state.kind === 'done' && `已下载 ${state.fileName}${state.rows === null ? '' : `（${formatCount(state.rows)} 行）`}`}
        {state.kind === 'failed' && state.message}
      </span>
    </span>
  );
}
