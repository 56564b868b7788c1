import { MongoServerError } from 'mongodb';
import { conflict } from '../graphql/errors';

/** Turns a unique-index violation into a CONFLICT error naming the field; anything else is rethrown. */
export async function withUniqueField<T>(field: string, label: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000 && !/index: _id_/.test(error.message)) {
      throw conflict(field, `${label} is already in use in this region`);
    }
    throw error;
  }
}
