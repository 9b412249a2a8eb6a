import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../util/errors.js';
import { checkDatasets, readManifest, DEFAULT_MANIFEST_PATH } from '../labeled/manifest.js';

const HELP_CHECK = `
Every file of the manifest is looked up under DIR and compared by size and sha256.
One line per file: OK, MISSING or MISMATCH. Exit codes: 0 all OK, 2 any file missing or
different (or bad usage), 1 internal error.

Examples:
  $ botshare datasets check --data ../shared/datasets/labeled
  $ botshare datasets check --data ~/data/bots --manifest my-manifest.json`;

const HELP_LIST = `
Examples:
  $ botshare datasets list`;

interface Flags {
  data?: string;
  manifest?: string;
}

export function registerDatasets(program: Command): void {
  const datasets = program.command('datasets').description('The public labeled data sets: list them, verify a download');

  datasets
    .command('check')
    .description('Verify a folder of downloaded labeled sets against the manifest (size and sha256)')
    .requiredOption('--data <dir>', 'folder holding the sets, laid out as in the manifest')
    .option('--manifest <file>', 'manifest to check against', DEFAULT_MANIFEST_PATH)
    .addHelpText('after', HELP_CHECK)
    .action(async (flags: Flags) => {
      const dir = flags.data as string;
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`--data ${dir}: no such folder`);
      const manifest = await readManifest(flags.manifest);
      const checks = await checkDatasets(dir, manifest);
      for (const c of checks) {
        const status = c.status.toUpperCase().padEnd(8);
        process.stdout.write(`${status} ${c.path}${c.detail === undefined ? '' : `  (${c.detail})`}\n`);
      }
      const bad = checks.filter((c) => c.status !== 'ok').length;
      process.stderr.write(
        bad === 0
          ? `botshare: all ${checks.length} files of ${manifest.sets.length} sets are present and intact\n`
          : `botshare: ${bad} of ${checks.length} files are missing or differ from the manifest\n`,
      );
      if (bad > 0) process.exitCode = 2;
    });

  datasets
    .command('list')
    .description('List the labeled sets of the manifest with their source, citation and licence')
    .option('--manifest <file>', 'manifest to read', DEFAULT_MANIFEST_PATH)
    .addHelpText('after', HELP_LIST)
    .action(async (flags: Flags) => {
      const manifest = await readManifest(flags.manifest);
      for (const s of manifest.sets) {
        process.stdout.write(
          `${s.name}: ${s.title}\n  source:   ${s.source}\n  cite:     ${s.citation}\n  licence:  ${s.licence}\n` +
            s.files.map((f) => `  file:     ${f.path} (${f.bytes} bytes, sha256 ${f.sha256.slice(0, 12)}…)\n`).join('') +
            '\n',
        );
      }
    });
}
