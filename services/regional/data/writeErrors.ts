import { MongoServerError } from 'mongodb';
import { DuplicateValueError } from './domainErrors';

const DUPLICATE_KEY = 11000;

/** Which unique index a write violated: the record's `_id`, another unique field, or none (not a duplicate-key error). */
export function duplicateKeyOn(error: unknown): 'id' | 'field' | null {
  if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) return null;
  return error.keyPattern?._id !== undefined || /index: _id_ /.test(error.message) ? 'id' : 'field';
}

/** Turns a violation of a unique field other than `_id` into a CONFLICT naming `field`; anything else is rethrown. */
export async function withUniqueField<T>(field: string, label: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (duplicateKeyOn(error) === 'field') throw new DuplicateValueError(field, `${label} is already in use in this region`);
    throw error;
  }
}
