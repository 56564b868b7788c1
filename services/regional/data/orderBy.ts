import type { SortKey } from './keysetPage';

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

export function directionOf(direction: OrderDirection | null | undefined): 1 | -1 {
  return direction === OrderDirection.ASC ? 1 : -1;
}

/** Maps an entity's order-field enum to the document path and cursor kind it sorts by. */
export function sortKeyOf<TField extends string>(keys: Record<TField, SortKey>, field: TField | null | undefined, fallback: TField): SortKey {
  return keys[field ?? fallback];
}
