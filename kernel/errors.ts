/** Machine codes that the GraphQL layer copies into `extensions.code`. */
export type KernelErrorCode = 'BAD_USER_INPUT';

/** A value that breaks one of the shared format rules; `field` names the offending input. */
export class KernelValidationError extends Error {
  readonly field: string;
  readonly code: KernelErrorCode;

  constructor(field: string, message: string, code: KernelErrorCode = 'BAD_USER_INPUT') {
    super(message);
    this.name = 'KernelValidationError';
    this.field = field;
    this.code = code;
  }
}
