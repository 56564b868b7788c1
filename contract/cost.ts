/**
 * What a request costs the regions, per kind of field. The gateway prices every operation with these before it
 * runs (gateway/limits/operationAnalysis.ts) and refuses one over its caller's budget: the weights, not the
 * gateway, say how much a fan-out, an aggregation or a cross-region reference level is worth.
 */
export const COST_WEIGHTS = {
  /** Every field in the response, once per item of every list around it (introspection fields too). */
  field: 1,
  /** One call to one region: a list or statistics field once per region it fans out to, a by-key field once. */
  regionCall: 10,
  /** One region's aggregation (a statistics field), on top of its region call. */
  aggregation: 500,
  /**
   * A reference field served by the links subgraph (a recall's risk alerts, an enterprise's records): one level of
   * `_entities` calls, up to one per region, whatever the page size (the router batches a level per region).
   */
  referenceLevel: 30,
} as const;

/** Items assumed in a list whose size the request does not give (`first:` gives it for pages). */
export const ASSUMED_LIST_SIZE = 10;
/** A page without `first:` is priced at the default page size of the schema (20). */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * A bulk export (GET /export/…) reads each region page by page, EXPORT_PAGE_SIZE rows a page (the largest page a list
 * serves). It is priced as those pages: each page after a region's first takes one request from the caller's rate
 * bucket (the export waits for the bucket instead of failing), so an export asks no more of a region than the same
 * caller paging through the list would. Its rows (maxExportRows) and how many run at once (maxConcurrentExports) are
 * bounded per caller (CALLER_LIMITS).
 */
export const EXPORT_PAGE_SIZE = 100;
export const EXPORT_RATE_TOKENS_PER_PAGE = 1;
