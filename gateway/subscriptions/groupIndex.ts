import type { FilterPredicate, ParsedFilter, RegionEvent, SubscriptionDeclaration } from '../../contract';

/** How one group is filed: under the keys of its most selective indexed filter argument, or with the unindexed. */
interface Filing {
  argument: string | null;
  keys: readonly string[];
}

interface DeclarationIndex {
  declaration: SubscriptionDeclaration;
  unindexed: Set<unknown>;
  /** `${argument}\0${key}` → the groups filed under it. */
  byKey: Map<string, Set<unknown>>;
  /** Groups filed under each argument: an event's keys are computed only for arguments in use. */
  filedPerArgument: Map<string, number>;
}

/**
 * The subscription groups an event may reach, found without testing every group: each group is filed under the
 * values of one filter argument (the most selective its filter sets), so an event is tested against the groups
 * sharing one of its values plus the groups whose filter sets no indexed argument. The cost of an event grows with
 * the groups it may match, not with all groups. Candidates must still be tested (`specMatches`).
 */
export class GroupIndex<Group> {
  private readonly declarations = new Map<string, DeclarationIndex>();
  private readonly filings = new Map<Group, Filing>();

  add(group: Group, declaration: SubscriptionDeclaration, filter: ParsedFilter): void {
    const index = this.indexOf(declaration);
    const filing = filingOf(filter);
    this.filings.set(group, filing);
    if (filing.argument === null) {
      index.unindexed.add(group);
      return;
    }
    index.filedPerArgument.set(filing.argument, (index.filedPerArgument.get(filing.argument) ?? 0) + 1);
    for (const key of filing.keys) {
      const slot = `${filing.argument}\0${key}`;
      let groups = index.byKey.get(slot);
      if (!groups) index.byKey.set(slot, (groups = new Set()));
      groups.add(group);
    }
  }

  remove(group: Group, declaration: SubscriptionDeclaration): void {
    const index = this.declarations.get(declaration.field);
    const filing = this.filings.get(group);
    if (!index || !filing) return;
    this.filings.delete(group);
    if (filing.argument === null) {
      index.unindexed.delete(group);
    } else {
      const filed = (index.filedPerArgument.get(filing.argument) ?? 1) - 1;
      if (filed === 0) index.filedPerArgument.delete(filing.argument);
      else index.filedPerArgument.set(filing.argument, filed);
      for (const key of filing.keys) {
        const slot = `${filing.argument}\0${key}`;
        const groups = index.byKey.get(slot);
        groups?.delete(group);
        if (groups?.size === 0) index.byKey.delete(slot);
      }
    }
    if (index.unindexed.size === 0 && index.filedPerArgument.size === 0) this.declarations.delete(declaration.field);
  }

  /** The groups that may receive this event (each once); a superset of those that do. */
  candidates(event: RegionEvent): Set<Group> {
    const found = new Set<Group>();
    // Both states: a declaration that reports leaving the filter delivers on a match before the change too.
    const states = event.snapshot.previous ? [event.snapshot, event.snapshot.previous] : [event.snapshot];
    for (const index of this.declarations.values()) {
      if (!Object.hasOwn(index.declaration.eventTypes, event.type)) continue;
      for (const group of index.unindexed) found.add(group as Group);
      for (const predicate of index.declaration.filters) {
        if (!predicate.index || !index.filedPerArgument.has(predicate.argument)) continue;
        for (const state of states) {
          for (const key of predicate.index.eventKeys(state)) {
            const groups = index.byKey.get(`${predicate.argument}\0${key}`);
            if (groups) for (const group of groups) found.add(group as Group);
          }
        }
      }
    }
    return found;
  }

  private indexOf(declaration: SubscriptionDeclaration): DeclarationIndex {
    let index = this.declarations.get(declaration.field);
    if (!index) {
      index = { declaration, unindexed: new Set(), byKey: new Map(), filedPerArgument: new Map() };
      this.declarations.set(declaration.field, index);
    }
    return index;
  }
}

function filingOf(filter: ParsedFilter): Filing {
  let best: { predicate: FilterPredicate; keys: readonly string[] } | null = null;
  for (const { predicate, value } of filter.checks) {
    if (!predicate.index) continue;
    const keys = predicate.index.groupKeys(value);
    const better = !best || predicate.index.priority > best.predicate.index!.priority || (predicate.index.priority === best.predicate.index!.priority && keys.length < best.keys.length);
    if (better) best = { predicate, keys };
  }
  return best ? { argument: best.predicate.argument, keys: best.keys } : { argument: null, keys: [] };
}
