import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { UserError } from '../util/errors.js';
import { registerIngest } from './ingest.js';
import { registerDatasets } from './datasets.js';
import { registerSimulate } from './simulate.js';
import { registerReplicate } from './replicate.js';
import { registerTrain } from './train.js';
import { registerEvaluate } from './evaluate.js';
import { registerScore } from './score.js';
import { registerReport } from './report.js';
import { registerTally } from './tally.js';

/**
 * The command line: thin commands over the library. Exit codes are a contract:
 * 0 success, 2 bad usage or bad input, 1 internal error.
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('botshare')
    .description('What share of the traffic on a hashtag comes from automated accounts?')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerIngest(program);
  registerDatasets(program);
  registerSimulate(program);
  registerReplicate(program);
  registerTrain(program);
  registerEvaluate(program);
  registerScore(program);
  registerReport(program);
  registerTally(program);
  return program;
}

/** Runs the program on argv and returns the exit code; never throws. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UserError) {
      process.stderr.write(`botshare: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`botshare: internal error (please report it): ${message}\n`);
    return 1;
  }
}
