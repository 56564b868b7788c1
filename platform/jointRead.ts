import type { Document } from 'mongodb';

/**
 * One collection's share of a joint read. `pipeline` gets the fields that tag its documents with their part, to set
 * in its last stage: in a `$project` of computed fields (which the embedded engine runs without mingo) or an
 * `$addFields`.
 */
export interface JointReadPart {
  collection: string;
  pipeline(tag: Document): Document[];
}

/** The field that tells which part of a joint read a document answers. */
const PART_FIELD = '_jointPart';

/**
 * One aggregate that reads several collections: the first part's pipeline, the others joined by `$unionWith`. For
 * background work that runs several times a second whether or not anyone is using the system: a round trip costs
 * the process far more CPU than the few documents it moves, so several reads cost almost what one does.
 */
export function jointAggregate(parts: readonly JointReadPart[]): { collection: string; pipeline: Document[] } {
  const [first, ...others] = parts as [JointReadPart, ...JointReadPart[]];
  const tag = (index: number): Document => ({ [PART_FIELD]: { $literal: index } });
  return {
    collection: first.collection,
    pipeline: [...first.pipeline(tag(0)), ...others.map((part, index) => ({ $unionWith: { coll: part.collection, pipeline: part.pipeline(tag(index + 1)) } }))],
  };
}

/** A joint read's documents split by part, in the parts' order, without their tag. */
export function splitByPart<T extends Document = Document>(documents: readonly Document[], partCount: number): T[][] {
  const answers: T[][] = Array.from({ length: partCount }, () => []);
  for (const { [PART_FIELD]: part, ...document } of documents) answers[part as number]?.push(document as T);
  return answers;
}
