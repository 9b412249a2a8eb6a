/** OUTDIR/rejects.csv: every unreadable record with its file, line, reason and an excerpt. */
import type { Reject } from '../ingest/input-errors.js';
import { REJECTS_HEADER, rejectCsvRow } from '../ingest/write.js';
import { openAtomicWriter } from '../util/atomic-write.js';
import { csvRow } from '../util/csv-safe.js';

export async function writeRejectsCsv(target: string, rejects: readonly Reject[], force: boolean): Promise<void> {
  const writer = await openAtomicWriter(target, { force });
  try {
    let chunk = csvRow([...REJECTS_HEADER]);
    for (const r of rejects) {
      chunk += rejectCsvRow(r);
      if (chunk.length > 1 << 16) {
        await writer.write(chunk);
        chunk = '';
      }
    }
    await writer.write(chunk);
    await writer.commit();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
