/**
 * What the engine's scans have read since it started, as MongoDB's serverStatus names it (`metrics.queryExecutor`):
 * index keys (`scanned`) and documents (`scannedObjects`), including those handed whole to a pipeline stage.
 */
export const queryExecutorCounters = { scanned: 0, scannedObjects: 0 };

export function noteScan(stats: { keysExamined: number; docsExamined: number }): void {
  queryExecutorCounters.scanned += stats.keysExamined;
  queryExecutorCounters.scannedObjects += stats.docsExamined;
}
