/** Events of the quality-infrastructure records (issue 21), part of RecordEventType. */
export type QualityEventType =
  | 'INSPECTION_COMPARISON_OPENED'
  | 'INSPECTION_COMPARISON_RESULT_RECORDED'
  | 'INSPECTION_COMPARISON_REPORT_PUBLISHED';
