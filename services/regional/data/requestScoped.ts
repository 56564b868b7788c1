import type { Collection, Document } from 'mongodb';
import type { RegionalDatabase } from './database';

export interface RequestBounds {
  /** Sent as maxTimeMS with every command: the database stops the work itself past it. */
  maxTimeMS: number;
  /** Aborted when the request ends (the gateway gave up, or the answer is sent): reads still running stop. */
  signal: AbortSignal;
}

/**
 * Where each collection method takes its options, and whether a read (aborted with the request) or a write
 * (bounded by maxTimeMS only: a write the client no longer waits for still completes, with its outbox event and
 * audit entry, rather than stopping between the steps of a workflow).
 */
const OPTIONS_POSITION: Readonly<Record<string, { index: number; read: boolean }>> = {
  find: { index: 1, read: true },
  findOne: { index: 1, read: true },
  aggregate: { index: 1, read: true },
  countDocuments: { index: 1, read: true },
  estimatedDocumentCount: { index: 0, read: true },
  distinct: { index: 2, read: true },
  insertOne: { index: 1, read: false },
  insertMany: { index: 1, read: false },
  updateOne: { index: 2, read: false },
  updateMany: { index: 2, read: false },
  replaceOne: { index: 2, read: false },
  deleteOne: { index: 1, read: false },
  deleteMany: { index: 1, read: false },
  findOneAndUpdate: { index: 2, read: false },
  findOneAndReplace: { index: 2, read: false },
  findOneAndDelete: { index: 1, read: false },
  bulkWrite: { index: 1, read: false },
};

/**
 * The collection with `maxTimeMS` (and, for reads, the request's abort signal) added to the options of every
 * call. The mongodb driver 6.x ignores `timeoutMS` (CSOT is a no-op there), so the bound has to travel with each
 * command; one wrapper here saves every data-layer call site from remembering it.
 */
function boundedCollection<T extends Document>(collection: Collection<T>, bounds: RequestBounds): Collection<T> {
  return new Proxy(collection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      const position = typeof property === 'string' ? OPTIONS_POSITION[property] : undefined;
      if (!position || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const given = (args[position.index] ?? {}) as Document;
        const bounded = { maxTimeMS: bounds.maxTimeMS, ...(position.read ? { signal: bounds.signal } : {}), ...given };
        const withOptions = [...args];
        while (withOptions.length < position.index) withOptions.push(undefined);
        withOptions[position.index] = bounded;
        return (value as (...callArgs: unknown[]) => unknown).apply(target, withOptions);
      };
    },
  });
}

/** The region's collections as one request sees them: every command bounded in time and stopped with the request. */
export function requestScopedDatabase(database: RegionalDatabase, bounds: RequestBounds): RegionalDatabase {
  return {
    db: database.db,
    riskAlerts: boundedCollection(database.riskAlerts, bounds),
    recalls: boundedCollection(database.recalls, bounds),
    contractTemplates: boundedCollection(database.contractTemplates, bounds),
    complaints: boundedCollection(database.complaints, bounds),
    enterprises: boundedCollection(database.enterprises, bounds),
    inspectionComparisons: boundedCollection(database.inspectionComparisons, bounds),
    geographicalIndications: boundedCollection(database.geographicalIndications, bounds),
    inspections: boundedCollection(database.inspections, bounds),
    enforcementCases: boundedCollection(database.enforcementCases, bounds),
    assistanceRequests: boundedCollection(database.assistanceRequests, bounds),
    licenceReviews: boundedCollection(database.licenceReviews, bounds),
    counters: boundedCollection(database.counters, bounds),
    auditLog: boundedCollection(database.auditLog, bounds),
  };
}
