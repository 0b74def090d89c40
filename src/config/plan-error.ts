import type { FieldPath } from './source.js';

/** A problem found while planning, tied to the profile field that caused it. */
export class PlanError extends Error {
  constructor(
    readonly path: FieldPath,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Several planning problems, reported together. */
export class PlanErrors extends Error {
  constructor(readonly errors: readonly PlanError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}
