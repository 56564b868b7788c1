import type { Document } from 'bson';
import { isPlainObject } from '../documents';

/** A query value the simple conditions compare by `===`: a string, a boolean or a finite number (0 and -0 are equal). */
type Scalar = string | boolean | number;

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** One top-level condition: the field and the scalars that satisfy it (one for an equality, several for `$in`). */
interface Condition {
  field: string;
  accepted: ReadonlySet<Scalar> | Scalar;
}

/** The scalars a condition accepts, or undefined when it has another form. */
function acceptedBy(condition: unknown): ReadonlySet<Scalar> | Scalar | undefined {
  if (isScalar(condition)) return condition;
  if (!isPlainObject(condition)) return undefined;
  const operators = Object.keys(condition);
  if (operators.length !== 1) return undefined;
  if (operators[0] === '$eq' && isScalar(condition.$eq)) return condition.$eq;
  if (operators[0] === '$in' && Array.isArray(condition.$in) && condition.$in.length > 0 && condition.$in.every(isScalar)) return new Set(condition.$in as Scalar[]);
  return undefined;
}

/** The filter's conditions of the simple forms, and whether those are all of it. */
interface SimpleConditions {
  /**
   * False when the document fails one of them, true when it meets them all, undefined when a field holds a value
   * they do not judge (an embedded document, a date, a BSON number class, an array of such): mingo decides then.
   */
  verdict(document: Document): boolean | undefined;
  /** Every condition of the filter is one of them: a true verdict is the filter's. */
  coverFilter: boolean;
}

/**
 * The top-level conditions `field: scalar`, `field: {$eq: scalar}` and `field: {$in: [scalars]}` on fields without a
 * dot, judged without mingo (whose test allocates a closure and more per document: about 100 bytes a document, the
 * young-generation garbage of every scan). A scalar matches a field that equals it or an array holding it, as in
 * MongoDB; a value of another kind is left to mingo (tests/engine/simpleConditions.test.ts checks them against it).
 */
function simpleConditions(filter: Document): SimpleConditions | undefined {
  const conditions: Condition[] = [];
  let coverFilter = true;
  for (const field of Object.keys(filter)) {
    const accepted = field === '' || field.startsWith('$') || field.includes('.') ? undefined : acceptedBy(filter[field]);
    if (accepted === undefined) coverFilter = false;
    else conditions.push({ field, accepted });
  }
  if (conditions.length === 0 && !coverFilter) return undefined;
  const count = conditions.length;
  const holds = (accepted: ReadonlySet<Scalar> | Scalar, value: Scalar): boolean => (accepted instanceof Set ? accepted.has(value) : accepted === value);
  return {
    coverFilter,
    verdict(document) {
      let judged = true;
      for (let i = 0; i < count; i++) {
        const { field, accepted } = conditions[i]!;
        const value: unknown = document[field];
        if (value === undefined || value === null) return false;
        const kind = typeof value;
        if (kind === 'string' || kind === 'boolean' || kind === 'number') {
          if (!holds(accepted, value as Scalar)) return false;
        } else if (Array.isArray(value)) {
          let found = false;
          for (const element of value) {
            if (element === null || element === undefined) continue;
            const elementKind = typeof element;
            if (elementKind !== 'string' && elementKind !== 'boolean' && elementKind !== 'number') {
              judged = false;
              break;
            }
            if (holds(accepted, element as Scalar)) found = true;
          }
          if (judged && !found) return false;
        } else {
          judged = false;
        }
      }
      return judged ? true : undefined;
    },
  };
}

/**
 * The filter's test: its simple conditions judged first, `test` (the whole filter through mingo) only for a document
 * they pass but do not settle. `test` itself when the filter has none.
 */
export function withSimpleConditions(filter: Document, test: (document: Document) => boolean): (document: Document) => boolean {
  const simple = simpleConditions(filter);
  if (!simple) return test;
  return (document) => {
    const verdict = simple.verdict(document);
    if (verdict === false) return false;
    // A filter of simple conditions only has no embedded-document equality to re-check.
    if (verdict === true && simple.coverFilter) return true;
    return test(document);
  };
}
