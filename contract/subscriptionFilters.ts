import { isRegionName, regionCodeOf, validateCreditCode, type RegionCode } from '../kernel';
import type { EventSnapshot, RegionEvent } from './events';
import { RISK_LEVEL_RANKS, type RiskLevel } from './riskLevels';

export class SubscriptionInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One argument of a subscription's filter input: its GraphQL type, how its value is checked at the edge, and
 * whether an event passes it. `parse` sees values GraphQL already coerced (enum names are valid).
 */
export interface FilterPredicate<T = unknown> {
  argument: string;
  type: string;
  description?: string;
  parse(value: unknown, field: string): T;
  matches(parsed: T, event: RegionEvent): boolean;
  /**
   * Lets the gateway find the subscriptions an event may match without testing every one: a parsed value's keys
   * and an event state's keys share one whenever `matches` holds for that state. `priority` prefers the more
   * selective predicate when a filter has several.
   */
  index?: FilterIndex<T>;
}

export interface FilterIndex<T> {
  priority: number;
  groupKeys(parsed: T): readonly string[];
  eventKeys(snapshot: Omit<EventSnapshot, 'previous'>): readonly string[];
}

const MAX_LIST_VALUES = 50;

function list(value: unknown, field: string): string[] {
  const values = Array.isArray(value) ? value.map(String) : [];
  if (values.length > MAX_LIST_VALUES) throw new SubscriptionInputError(field, `${field} accepts at most ${MAX_LIST_VALUES} values`);
  return values;
}

/** Events of records of these regions; `involved` counts every region an event names (a complaint's receiving and handling region). */
export function regionsPredicate(options: { involved?: boolean; description?: string } = {}): FilterPredicate<RegionCode[]> {
  return {
    argument: 'regions',
    type: '[Region!]',
    description: options.description,
    parse: (value, field) => list(value, field).filter(isRegionName).map(regionCodeOf),
    matches: (regions, event) => involvedRegions(event.snapshot).some((region) => regions.includes(region)),
    index: { priority: 1, groupKeys: (regions) => regions, eventKeys: involvedRegions },
  };

  function involvedRegions(snapshot: Omit<EventSnapshot, 'previous'>): readonly RegionCode[] {
    return options.involved ? (snapshot.regions ?? [snapshot.region]) : [snapshot.region];
  }
}

/** Assistance requests addressed to these regions (the snapshot's target region). */
export function targetRegionsPredicate(description?: string): FilterPredicate<RegionCode[]> {
  return {
    argument: 'targetRegions',
    type: '[Region!]',
    description,
    parse: (value, field) => list(value, field).filter(isRegionName).map(regionCodeOf),
    matches: (regions, event) => event.snapshot.targetRegion !== undefined && regions.includes(event.snapshot.targetRegion),
  };
}

/** A snapshot field that must be one of the given enum values (`categories` → `snapshot.category`). */
export function oneOfPredicate(argument: string, type: string, snapshotField: 'category' | 'status'): FilterPredicate<string[]> {
  return {
    argument,
    type: `[${type}!]`,
    parse: list,
    matches: (values, event) => {
      const value = event.snapshot[snapshotField];
      return value !== undefined && values.includes(value);
    },
    index: { priority: 2, groupKeys: (values) => values, eventKeys: (snapshot) => (snapshot[snapshotField] === undefined ? [] : [snapshot[snapshotField]]) },
  };
}

export const minimumLevelPredicate: FilterPredicate<number> = {
  argument: 'minimumLevel',
  type: 'RiskLevel',
  description: 'Only alerts at or above this level',
  parse: (value) => RISK_LEVEL_RANKS[value as RiskLevel],
  matches: (minimumRank, event) => (event.snapshot.riskLevelRank ?? 0) >= minimumRank,
  // A subscription is keyed by its minimum; an event by every minimum its level reaches.
  index: {
    priority: 1,
    groupKeys: (minimumRank) => [String(minimumRank)],
    eventKeys: (snapshot) => Object.values(RISK_LEVEL_RANKS).filter((rank) => rank <= (snapshot.riskLevelRank ?? 0)).map(String),
  },
};

export function enterprisePredicate(description?: string): FilterPredicate<string> {
  return {
    argument: 'enterpriseCreditCode',
    type: 'String',
    description,
    parse: (value, field) => {
      const code = String(value).trim().toUpperCase();
      const validation = validateCreditCode(code);
      if (!validation.valid) throw new SubscriptionInputError(field, `"${String(value)}" is not a valid unified social credit code: ${validation.message}`);
      return code;
    },
    matches: (code, event) => (event.snapshot.enterpriseCreditCodes ?? []).includes(code),
    index: { priority: 3, groupKeys: (code) => [code], eventKeys: (snapshot) => snapshot.enterpriseCreditCodes ?? [] },
  };
}

/** A filter checked at the edge: each given argument parsed by its predicate. */
export interface ParsedFilter {
  readonly checks: ReadonlyArray<{ predicate: FilterPredicate; value: unknown }>;
  /** Stable description of the filter, for grouping identical subscriptions. */
  readonly key: string;
}

export function parseFilter(predicates: readonly FilterPredicate[], raw: Record<string, unknown> | null | undefined): ParsedFilter {
  const checks: Array<{ predicate: FilterPredicate; value: unknown }> = [];
  for (const predicate of predicates) {
    const value = raw?.[predicate.argument];
    if (value === undefined || value === null) continue;
    checks.push({ predicate, value: predicate.parse(value, `filter.${predicate.argument}`) });
  }
  return { checks, key: JSON.stringify(checks.map(({ predicate, value }) => [predicate.argument, value])) };
}

export function filterMatches(filter: ParsedFilter, event: RegionEvent): boolean {
  return filter.checks.every(({ predicate, value }) => predicate.matches(value, event));
}

/** Whether the record matched the filter just before this change (false when the event does not carry that state). */
export function filterMatchedBefore(filter: ParsedFilter, event: RegionEvent): boolean {
  const previous = event.snapshot.previous;
  return previous !== undefined && filterMatches(filter, { ...event, snapshot: previous });
}
