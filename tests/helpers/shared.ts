import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe } from 'vitest';

/** The repository root (tests/helpers/ is two levels below it). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of ../shared/datasets beside the repository, or null on a user's fresh clone. */
export function sharedDatasets(): string | null {
  const dir = path.resolve(REPO_ROOT, '..', 'shared', 'datasets');
  return existsSync(dir) ? dir : null;
}

/**
 * A describe block that needs ../shared/datasets: skipped with a clear message on a fresh
 * clone, but under CI=true a missing folder is a failure, not a skip.
 */
export function describeShared(name: string, fn: (datasets: string) => void): void {
  const dir = sharedDatasets();
  if (dir !== null) {
    describe(name, () => fn(dir));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      throw new Error(`${name}: ../shared/datasets is missing, and CI=true requires it`);
    });
    return;
  }
  describe.skip(`${name} (skipped: ../shared/datasets not found beside the repository)`, () => {
    fn('');
  });
}

/** A file of the compiled build (dist/), e.g. `distFile('pipeline', 'workers', 'tally-worker.js')`. */
export function distFile(...parts: string[]): string {
  return path.join(REPO_ROOT, 'dist', ...parts);
}

/**
 * A module of the compiled build, typed as its source, e.g.
 * `await fromDist<typeof import('../../src/pipeline/workers/thread-plan.js')>('pipeline', 'workers', 'thread-plan.js')`:
 * the worker routes start their compiled workers beside them (Node starts no TypeScript
 * worker), so a test of a route on threads runs the route from dist/ (built by `npm test`).
 */
export async function fromDist<M>(...parts: string[]): Promise<M> {
  return (await import(pathToFileURL(distFile(...parts)).href)) as M;
}

/**
 * `describe`, or `describe.skip` with a message when a compiled file a test runs (a worker,
 * the CLI) is missing: dist/ is built by `npm test`; under CI=true a missing file is a failure.
 */
export function describeWhenBuilt(files: readonly string[], what: string): typeof describe | typeof describe.skip {
  const missing = files.find((f) => !existsSync(f));
  if (missing === undefined) return describe;
  const relative = path.relative(REPO_ROOT, missing);
  if (process.env.CI === 'true') throw new Error(`${relative} is missing: run \`npm run build\` first`);
  console.warn(`${what} skipped: ${relative} is not built (run \`npm run build\`)`);
  return describe.skip;
}
