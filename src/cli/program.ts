import { Command } from 'commander';
import { VERSION } from '../version.js';
import { runProgram } from '../util/run-program.js';
import { registerIngest } from './ingest.js';
import { registerDatasets } from './datasets.js';
import { registerSimulate } from './simulate.js';
import { registerReplicate } from './replicate.js';
import { registerTrain } from './train.js';
import { registerEvaluate } from './evaluate.js';
import { registerScore } from './score.js';
import { registerReport } from './report.js';
import { registerTally } from './tally.js';
import { registerSample } from './sample.js';
import { registerAgree } from './agree.js';
import { registerCharts } from './charts.js';

/**
 * The command line: thin commands over the library. Exit codes are a contract:
 * 0 success, 2 bad usage or bad input, 1 internal error.
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('botshare')
    .description('What share of the traffic on a hashtag comes from automated accounts?')
    .version(VERSION);
  registerIngest(program);
  registerDatasets(program);
  registerSimulate(program);
  registerReplicate(program);
  registerTrain(program);
  registerEvaluate(program);
  registerScore(program);
  registerReport(program);
  registerTally(program);
  registerSample(program);
  registerAgree(program);
  registerCharts(program);
  return program;
}

/** Runs the program on argv and returns the exit code; never throws. */
export async function run(argv: string[]): Promise<number> {
  return runProgram(buildProgram(), argv);
}
