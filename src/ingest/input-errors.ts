/** Where a record came from, why it could not be read; the errors a file raises. */
import { UserError } from '../util/errors.js';

/** Where a record came from: the file and its 1-based line (or record number for JSON arrays). */
export interface Location {
  file: string;
  line: number;
}

/** A record that could not be read. The run goes on; the reject is kept in the rejects file. */
export interface Reject extends Location {
  reason: string;
  /** The raw record, cut short for the rejects file. */
  raw: string;
}

export const RAW_EXCERPT_LENGTH = 500;

export function excerpt(raw: string, max = RAW_EXCERPT_LENGTH): string {
  return raw.length > max ? `${raw.slice(0, max)}…` : raw;
}

/** A file that cannot be read at all (missing, not a tweet export, truncated gzip). */
export class InputFileError extends UserError {
  constructor(
    readonly file: string,
    reason: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
    this.name = 'InputFileError';
  }
}
