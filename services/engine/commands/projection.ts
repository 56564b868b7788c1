import type { Document } from 'bson';
import { Query } from 'mingo';
import { fromQueryEngineError } from '../errors';
import { cloneDocument } from '../storage/paths';

/**
 * Applies a find-style projection (inclusion, exclusion, `$slice`, `$elemMatch`, positional) with mingo, on copies:
 * mingo edits the documents it projects in place (an exclusion of `a.b` deletes `b` from the object under `a`), and
 * these are the stored documents.
 */
export function projectDocuments(documents: Document[], projection: Document | undefined, matcher?: Query): Document[] {
  if (!projection || Object.keys(projection).length === 0) return documents;
  try {
    return (matcher ?? new Query({}, {})).find<Document>(documents.map(cloneDocument), projection).all();
  } catch (error) {
    throw fromQueryEngineError(error);
  }
}
