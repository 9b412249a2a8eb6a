/**
 * Ctrl-C for the long commands: the work gets an AbortSignal that SIGINT fires. When the work
 * fails because of it, the command says so and exits 130 instead of reporting an error; the
 * work's own cleanup (temporary files aborted, progress line cleared) runs first.
 */
export async function interruptible(work: (signal: AbortSignal) => Promise<void>, message = 'interrupted; no output was written'): Promise<void> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  try {
    await work(controller.signal);
  } catch (err) {
    if (!controller.signal.aborted) throw err;
    process.stderr.write(`botshare: ${message}\n`);
    process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
