import type { Command } from 'commander';
import { UserError } from '../ingest/errors.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('Read tweet exports into canonical records')
    .argument('<files...>', 'export files')
    .action(() => {
      throw new UserError('ingest is being built (issue 2)');
    });
}
