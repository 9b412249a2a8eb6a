import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** botshare's own version, read once from package.json so that outputs record what produced them. */
export const VERSION: string = (() => {
  const pkgPath = fileURLToPath(new URL('../package.json', import.meta.url));
  const pkg: unknown = JSON.parse(readFileSync(pkgPath, 'utf8'));
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string'
    ? pkg.version
    : '0.0.0';
})();
