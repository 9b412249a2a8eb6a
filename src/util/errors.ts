/** Errors are values with a location and a human sentence; the CLI turns them into exit codes. */

/**
 * A user's mistake (bad usage, unreadable or unrecognised input): exit code 2 and one
 * sentence, never a stack trace.
 */
export class UserError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
