#!/usr/bin/env node
// Runs before `npm test`: the report tests open report.html in a real browser, the cluster
// test runs the Dask example on a LocalCluster, and the bench's Python peer needs
// scikit-learn; a fresh machine has none of them. Debian's chromium, python3-distributed and
// python3-sklearn are installed here (as root, from Debian's packages); where that is
// impossible those tests skip on a user's machine and fail under CI=true.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
const PYTHON = '/usr/bin/python3';

function log(message) {
  process.stderr.write(`[ensure-test-tools] ${message}\n`);
}

function aptInstall(packages) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    log(`cannot install ${packages.join(' ')} (needs root and apt-get); the tests that need them will skip outside CI`);
    return false;
  }
  log(`installing ${packages.join(' ')} from Debian's packages (first run only)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (update.status !== 0) log('apt-get update failed; trying the install anyway');
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  return install.status === 0;
}

if (process.env.BOTSHARE_SKIP_TOOL_INSTALL === '1') {
  log('BOTSHARE_SKIP_TOOL_INSTALL=1: not checking for chromium');
} else if (!existsSync(CHROMIUM)) {
  const ok = aptInstall(['chromium', 'fonts-dejavu-core']);
  log(ok && existsSync(CHROMIUM) ? `chromium installed at ${CHROMIUM}` : 'chromium is not available');
}

/** Whether Debian's python3 imports these modules. */
function pythonImports(modules) {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0;
}

// python3-distributed for examples/dask and its test; python3-sklearn for bench/peer and its test.
for (const { pkg, modules, what } of [
  { pkg: 'python3-distributed', modules: 'dask.distributed', what: 'Dask' },
  { pkg: 'python3-sklearn', modules: 'numpy, sklearn', what: 'scikit-learn' },
]) {
  if (process.env.BOTSHARE_SKIP_TOOL_INSTALL === '1') {
    log(`BOTSHARE_SKIP_TOOL_INSTALL=1: not checking for ${pkg}`);
  } else if (!pythonImports(modules)) {
    const ok = aptInstall([pkg]);
    log(ok && pythonImports(modules) ? `${pkg} installed (${what})` : `${pkg} is not available`);
  }
}
