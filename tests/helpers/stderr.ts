import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Captures what the CLI writes to stderr during each test of the file (and resets the exit
 * code around it): call at the top of a test file, read `stderr()` in a test.
 */
export function captureStderr(): () => string {
  let text = '';
  beforeEach(() => {
    text = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      text += String(chunk);
      return true;
    });
    process.exitCode = undefined;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });
  return () => text;
}
