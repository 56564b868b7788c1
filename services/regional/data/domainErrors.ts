/** The `extensions.code` a client sees for each kind of refusal (README, "Errors"). */
export type DomainErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'REGION_UNAVAILABLE';

/**
 * A request the regional domain refuses, with what a client needs to act on it. Thrown by the data layer, the
 * entity services and the access policy; the GraphQL layer (graphql/errors.ts) turns it into a GraphQLError
 * whose `extensions` are `{ code, ...details }`.
 */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;

  /** Facts beside the code, e.g. the offending input `field` or the `reason` of a refusal. */
  readonly details: Readonly<Record<string, string>>;

  protected constructor(message: string, details: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** A malformed or out-of-range input value; `field` names it, e.g. `filter.categories` or `clauses[2].number`; `reason` (e.g. `OUTSIDE_JJJ`, `IN_FUTURE`) says which rule when a client may act on it. */
export class BadUserInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';

  constructor(field: string, message: string, reason?: string) {
    super(message, reason ? { field, reason } : { field });
  }
}

/** A workflow step the record's current status does not allow. */
export class IllegalTransitionError extends DomainError {
  readonly code = 'BAD_USER_INPUT';

  constructor(message: string) {
    super(message, { reason: 'ILLEGAL_TRANSITION' });
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';

  constructor(message: string) {
    super(message);
  }
}

/** A value of a unique field (`field`) that another record of the region already has. */
export class DuplicateValueError extends DomainError {
  readonly code = 'CONFLICT';

  constructor(field: string, message: string) {
    super(message, { field });
  }
}

/** The record changed between being read and being written (optimistic concurrency): reload and retry. */
export class ConcurrentChangeError extends DomainError {
  readonly code = 'CONFLICT';

  /** `record` names it, e.g. "risk alert TJ-RSK-2024-000123". */
  constructor(record: string) {
    super(`${record} was changed concurrently; reload and retry`);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';

  constructor(message: string) {
    super(message);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';

  constructor(message: string) {
    super(message);
  }
}

/** Another region this write must consult (e.g. the registering region of a GI an inspection names) did not answer. */
export class PeerRegionUnavailableError extends DomainError {
  readonly code = 'REGION_UNAVAILABLE';

  constructor(region: string, message: string) {
    super(message, { region });
  }
}
