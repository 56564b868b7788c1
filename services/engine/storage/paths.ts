import type { Document } from 'bson';

/**
 * Every value a dotted path reaches in a document, expanding arrays the way MongoDB's multikey indexes do.
 * A path that reaches nothing yields `[undefined]`.
 */
export function valuesAtPath(document: unknown, path: string): unknown[] {
  return valuesAtSegments(document, path.split('.'));
}

/** valuesAtPath with the path already split at its dots (index keys split theirs once). */
export function valuesAtSegments(document: unknown, segments: readonly string[]): unknown[] {
  const values: unknown[] = [];
  collect(document, segments, 0, values);
  return values.length === 0 ? [undefined] : values;
}

function collect(current: unknown, segments: readonly string[], position: number, out: unknown[]): void {
  if (position === segments.length) {
    if (Array.isArray(current)) {
      if (current.length === 0) out.push(undefined);
      else out.push(...current);
    } else out.push(current);
    return;
  }
  if (current === null || current === undefined || typeof current !== 'object') return;
  if (Array.isArray(current)) {
    const segment = segments[position];
    if (/^\d+$/.test(segment) && Number(segment) < current.length) {
      collect(current[Number(segment)], segments, position + 1, out);
      return;
    }
    for (const element of current) collect(element, segments, position, out);
    return;
  }
  collect((current as Document)[segments[position]], segments, position + 1, out);
}

/** The plain value at a dotted path without array expansion (undefined when absent). */
export function valueAtPath(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const segment of path.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = (current as Document)[segment];
  }
  return current;
}

/** Copies plain objects and arrays; BSON value objects (ObjectId, Date, Binary…) are immutable here and shared. */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDocument) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Document = {};
    for (const [key, inner] of Object.entries(value as Document)) copy[key] = cloneDocument(inner);
    return copy as T;
  }
  return value;
}
