import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { DISTRIBUTION_FIELDS, valueMeasureAt, type ValueMeasureName } from '../../../contract';

/** Whether the query selects `fieldName` directly under the resolved field (through fragments too). */
export function selectsField(info: GraphQLResolveInfo, fieldName: string): boolean {
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === fieldName;
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

/** What a statistics field's selection needs computed (through aliases and fragments). */
export interface StatisticsSelection {
  /** Value measures selected at all (`amount { sum }`, `durations { receiptToAcceptance { workingDays { … } } }`). */
  values: Set<ValueMeasureName>;
  /** Those whose median, p90 or histogram is selected. */
  distributions: Set<ValueMeasureName>;
  /** `overdueByStage` is selected. */
  stages: boolean;
}

export function statisticsSelection(info: GraphQLResolveInfo): StatisticsSelection {
  const selected: StatisticsSelection = { values: new Set(), distributions: new Set(), stages: false };
  const visit = (selectionSet: SelectionSetNode | undefined, path: string[]): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, path);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) visit(info.fragments[selection.name.value]?.selectionSet, path);
      else {
        const measure = valueMeasureAt(path);
        if (measure) selected.values.add(measure);
        if (measure && DISTRIBUTION_FIELDS.includes(selection.name.value)) selected.distributions.add(measure);
        if (path.length === 0 && selection.name.value === 'overdueByStage') selected.stages = true;
        if (selection.selectionSet) visit(selection.selectionSet, [...path, selection.name.value]);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, []);
  return selected;
}
