/**
 * Turns a list of enum values into a frozen `{ VALUE: 'VALUE' }` object, the shape that
 * type-graphql's `registerEnumType` and plain lookups both accept.
 */
export function enumObject<const T extends readonly string[]>(values: T): { readonly [K in T[number]]: K } {
  const entries = values.map((value) => [value, value] as const);
  return Object.freeze(Object.fromEntries(entries)) as { readonly [K in T[number]]: K };
}

export function isOneOf<const T extends readonly string[]>(values: T, candidate: unknown): candidate is T[number] {
  return typeof candidate === 'string' && (values as readonly string[]).includes(candidate);
}
