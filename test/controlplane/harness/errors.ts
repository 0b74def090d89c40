/**
 * The one error type the harness throws on purpose. It carries a hint (what to do next) because
 * the person reading it is usually running `npm test` and did not write this harness; the hint is
 * part of the message so that every reporter (vitest prints only the message) shows it.
 */
export class ControlPlaneError extends Error {
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string | undefined; cause?: unknown } = {}) {
    const full = options.hint === undefined ? message : `${message}\n${options.hint}`;
    super(full, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ControlPlaneError';
    this.hint = options.hint;
  }
}

export const SKIP_HINT = 'To run the other test tiers without a control plane, set DEVNET_TEST_SKIP_CLUSTER=1.';
