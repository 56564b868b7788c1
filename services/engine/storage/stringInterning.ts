/**
 * Short string values shared between stored documents. A decoded document holds its own copy of every string, and
 * most short values recur across a collection (region codes, enum values, province names, categories, a
 * manufacturer's name): at a million recalls such copies were about a fifth of the engine's heap, and every byte of
 * heap makes each scavenge slower (it walks all old-generation pages). Strings are immutable, so a stored document
 * may point at the one instance already kept instead of its own.
 */

/** Longer values are rarely repeated (descriptions, free text) and are kept as decoded. */
export const INTERNED_MAX_LENGTH = 32;
/** Distinct values kept at most; once full, only values already kept are shared (unique values, such as numbers, stop filling it). */
export const INTERNED_MAX_VALUES = 65_536;

export class StringInterner {
  private readonly values = new Map<string, string>();

  constructor(
    private readonly maxLength = INTERNED_MAX_LENGTH,
    private readonly maxValues = INTERNED_MAX_VALUES,
  ) {}

  get size(): number {
    return this.values.size;
  }

  /** The kept instance equal to `value` (kept now if there is room), or `value` itself. */
  intern(value: string): string {
    if (value.length > this.maxLength) return value;
    const kept = this.values.get(value);
    if (kept !== undefined) return kept;
    if (this.values.size < this.maxValues) this.values.set(value, value);
    return value;
  }

  /**
   * Replaces, in place, every short string value of a stored document's plain objects and arrays with its kept
   * instance. `_id` is left as it is: it is unique by definition.
   */
  internDocument(document: Record<string, unknown>): void {
    this.internFields(document, '_id');
  }

  private internFields(fields: Record<string, unknown>, skippedKey?: string): void {
    for (const key in fields) {
      if (key === skippedKey) continue;
      const value = fields[key];
      if (typeof value === 'string') fields[key] = this.intern(value);
      else if (typeof value === 'object' && value !== null) this.internValue(value);
    }
  }

  private internValue(value: object): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const element: unknown = value[i];
        if (typeof element === 'string') value[i] = this.intern(element);
        else if (typeof element === 'object' && element !== null) this.internValue(element);
      }
      return;
    }
    // Date, ObjectId, Binary…: immutable values of their own.
    if (Object.getPrototypeOf(value) === Object.prototype) this.internFields(value as Record<string, unknown>);
  }
}

/** The engine process's interner: engines started in one process share it (strings are the same whoever keeps them). */
export const STORED_STRINGS = new StringInterner();
