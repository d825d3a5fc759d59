/**
 * @module errors/invalid-argument-error
 * A bad configuration or argument at a library entry point. Lists every
 * problem found, so one error explains everything that must change.
 */

export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
  readonly code = 'INVALID_ARGUMENT' as const;

  constructor(
    context: string,
    readonly problems: readonly string[],
  ) {
    super(`${context}: ${problems.join('; ')}`);
  }
}

/** Throws an `InvalidArgumentError` when `problems` is not empty. */
export function assertNoProblems(context: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new InvalidArgumentError(context, problems);
}
