/**
 * A small progress line on stderr for long work. It draws only on a TTY and never with
 * --quiet, so piped output and logs stay clean. Redraws are throttled.
 */

export interface ProgressOptions {
  /** What is being done, e.g. "ingest". */
  label: string;
  /** Units of `done`/`total`: bytes are shown as MB. */
  unit?: 'bytes' | 'items';
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  /** Minimum milliseconds between redraws. */
  intervalMs?: number;
}

export interface Progress {
  /** Reports progress; `detail` is a short text shown after the bar (e.g. "12,034 tweets"). */
  update(done: number, total?: number, detail?: string): void;
  /** Clears the line. */
  done(): void;
  readonly active: boolean;
}

const BAR_WIDTH = 24;

function formatAmount(n: number, unit: 'bytes' | 'items'): string {
  if (unit === 'bytes') return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;
  return n.toLocaleString('en-US');
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const active = options.quiet !== true && stream.isTTY === true;
  const unit = options.unit ?? 'items';
  const interval = options.intervalMs ?? 100;
  let last = 0;
  let drawn = false;
  return {
    active,
    update(done, total, detail) {
      if (!active) return;
      const now = Date.now();
      if (now - last < interval) return;
      last = now;
      let line = options.label;
      if (total !== undefined && total > 0) {
        const ratio = Math.min(1, Math.max(0, done / total));
        const filled = Math.round(ratio * BAR_WIDTH);
        line += ` [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%`;
        line += ` ${formatAmount(done, unit)}/${formatAmount(total, unit)}`;
      } else {
        line += ` ${formatAmount(done, unit)}`;
      }
      if (detail) line += `  ${detail}`;
      const width = stream.columns ?? 100;
      if (line.length > width - 1) line = line.slice(0, width - 1);
      stream.write(`\r${line}\x1b[K`);
      drawn = true;
    },
    done() {
      if (active && drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
