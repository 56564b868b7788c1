import type { Document } from 'bson';
import { Query } from 'mingo';
import { fromQueryEngineError } from '../errors';

/** Applies a find-style projection (inclusion, exclusion, `$slice`, `$elemMatch`, positional) with mingo. */
export function projectDocuments(documents: Document[], projection: Document | undefined, matcher?: Query): Document[] {
  if (!projection || Object.keys(projection).length === 0) return documents;
  try {
    return (matcher ?? new Query({}, {})).find<Document>(documents, projection).all();
  } catch (error) {
    throw fromQueryEngineError(error);
  }
}
