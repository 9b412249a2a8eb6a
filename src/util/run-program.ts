/**
 * Runs a commander program and maps how it ends to the exit-code contract shared by the CLI
 * and the research harnesses: 0 success, 2 bad usage or bad input, 1 internal error.
 */
import { CommanderError, type Command } from 'commander';
import { UserError } from './errors.js';

/** Runs `program` on argv and returns the exit code; never throws. */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
  const name = program.name();
  // Subcommands copy these settings only when created: set them on every command now.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) c.showHelpAfterError().exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UserError) {
      process.stderr.write(`${name}: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`${name}: internal error (please report it): ${message}\n`);
    return 1;
  }
}
