/**
 * A CSV reader that keeps going past damage. Records are cut on the raw bytes by an RFC 4180
 * state machine (a quote opens a field only at its start), then each record is checked
 * (UTF-8, quotes, field count against the header) and split into fields.
 *
 * Why not csv-parse here: a reject needs the record's line and raw text, and one bad line
 * must cost one line. When a record is broken and spans several physical lines (typically an
 * unbalanced quote that swallowed the following lines), only its first line is rejected and
 * reading resumes on the next line; a multi-line record whose quotes are sound but whose
 * field count is off is one record, rejected whole. A quoted field running past `maxLinesPerRecord` lines
 * or `maxRecordBytes` is treated the same way, so memory stays bounded.
 */
import { isUtf8 } from 'node:buffer';
import { InputFileError } from './input-errors.js';

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
  raw: string;
}

export interface CsvBadRecord {
  line: number;
  raw: string;
  reason: string;
  bad: true;
}

export type CsvItem = CsvRecord | CsvBadRecord;

export interface CsvOptions {
  delimiter?: string;
  maxLinesPerRecord?: number;
  maxRecordBytes?: number;
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

/** Splits one record into fields, or returns why it cannot be split. */
export function parseFields(s: string, delimiter = ','): string[] | string {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  for (;;) {
    if (s.charCodeAt(i) === 34) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0) return 'a quoted field never ends (unbalanced quote)';
        if (s.charCodeAt(q + 1) === 34) {
          value += s.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        value += s.slice(j, q);
        i = q + 1;
        break;
      }
      out.push(value);
      if (i >= n) return out;
      if (s[i] !== delimiter) return `text follows a closing quote in field ${out.length}`;
      i++;
    } else {
      const k = s.indexOf(delimiter, i);
      if (k < 0) {
        out.push(s.slice(i));
        return out;
      }
      out.push(s.slice(i, k));
      i = k + 1;
    }
  }
}

function decode(bytes: Buffer): string {
  let b = bytes;
  if (b.length > 0 && b[b.length - 1] === 13) b = b.subarray(0, b.length - 1);
  return b.toString('utf8');
}

function isBlankRecord(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 13 && b[i] !== 32 && b[i] !== 9) return false;
  return true;
}

/**
 * Streams the records of a CSV file in batches. The first item is the header record; it
 * must be sound (else InputFileError). Every later item is a record with as many fields as
 * the header, or a bad record with its line, raw text and reason.
 */
export async function* readCsv(chunks: AsyncIterable<Buffer>, file: string, options: CsvOptions = {}): AsyncGenerator<CsvItem[]> {
  const delimiter = options.delimiter ?? ',';
  const d = delimiter.charCodeAt(0);
  const maxLines = options.maxLinesPerRecord ?? 1000;
  const maxBytes = options.maxRecordBytes ?? 64 << 20;

  let buf: Buffer = Buffer.alloc(0);
  let recStart = 0; // offset in buf of the record being scanned
  let i = 0; // scan position
  let state = FIELD_START;
  let nl = 0; // newlines inside quotes in the current record
  let line = 1; // line of recStart
  let expected = -1;
  let out: CsvItem[] = [];

  const restartAt = (pos: number, lineNo: number): void => {
    recStart = pos;
    i = pos;
    line = lineNo;
    state = FIELD_START;
    nl = 0;
  };

  /** The record [recStart, end) is broken and multi-line: reject its first line only. */
  const rejectFirstLine = (reason: string): void => {
    const firstEnd = buf.indexOf(10, recStart);
    const raw = decode(buf.subarray(recStart, firstEnd));
    out.push({ line, raw, reason: `${reason}; only this line is skipped, reading resumes on the next`, bad: true });
    restartAt(firstEnd + 1, line + 1);
  };

  /** A complete record [recStart, end): check it and emit it. Returns false if it was resynced. */
  const finishRecord = (end: number): void => {
    const bytes = buf.subarray(recStart, end);
    const spans = nl;
    const startLine = line;
    if (isBlankRecord(bytes)) {
      restartAt(end + 1, line + spans + 1);
      return;
    }
    if (!isUtf8(bytes)) {
      out.push({ line: startLine, raw: decode(bytes), reason: 'invalid UTF-8 bytes in the record', bad: true });
      restartAt(end + 1, line + spans + 1);
      return;
    }
    const raw = decode(bytes);
    const fields = parseFields(raw, delimiter);
    if (expected < 0) {
      if (typeof fields === 'string') throw new InputFileError(file, `the header is not valid CSV: ${fields}`, startLine);
      expected = fields.length;
      out.push({ line: startLine, fields: fields.map((f) => f.trim()), raw });
      restartAt(end + 1, line + spans + 1);
      return;
    }
    let problem: string | null = null;
    if (typeof fields === 'string') problem = fields;
    else if (fields.length !== expected) problem = `${fields.length} fields where the header has ${expected}`;
    if (problem === null) {
      out.push({ line: startLine, fields: fields as string[], raw });
      restartAt(end + 1, line + spans + 1);
    } else if (spans > 0 && typeof fields !== 'string' && fields.length < 2 * expected) {
      // Sound quotes, a cell too many or too few: one record, rejected whole. (A quote that
      // swallowed whole rows would show about twice the fields, or broken quotes.)
      out.push({ line: startLine, raw, reason: `${problem} (a record on lines ${startLine}-${startLine + spans})`, bad: true });
      restartAt(end + 1, line + spans + 1);
    } else if (spans > 0) {
      rejectFirstLine(problem);
    } else {
      out.push({ line: startLine, raw, reason: problem, bad: true });
      restartAt(end + 1, line + 1);
    }
  };

  /**
   * Advances the state machine over buf from i. Jumps with indexOf (native) from one
   * delimiter, quote or newline to the next instead of visiting every byte.
   */
  const scan = (): void => {
    const n = buf.length;
    let nextNl = -1; // next newline at or after i; n when there is none in buf
    let nextD = -1; // next delimiter at or after i (cached: a file may have few delimiters)
    while (i < n) {
      if (nextNl < i) {
        nextNl = buf.indexOf(10, i);
        if (nextNl < 0) nextNl = n;
      }
      if (state === QUOTED) {
        const q = buf.indexOf(34, i);
        const end = q < 0 ? n : q;
        let resynced = false;
        while (nextNl < end) {
          nl++;
          if (nl > maxLines) {
            rejectFirstLine(`a quoted field runs over ${maxLines} lines (unbalanced quote)`);
            resynced = true;
            break;
          }
          nextNl = buf.indexOf(10, nextNl + 1);
          if (nextNl < 0) nextNl = n;
        }
        if (resynced) {
          nextNl = -1;
          nextD = -1;
          continue;
        }
        if (q < 0) {
          i = n;
          break;
        }
        i = q + 1;
        state = QUOTE_SEEN;
        continue;
      }
      if (state === FIELD_START || state === QUOTE_SEEN) {
        const c = buf[i];
        if (c === 34) {
          state = QUOTED; // opens a field, or (after a closing quote) is an escaped quote
          i++;
          continue;
        }
        if (c === d) {
          state = FIELD_START;
          i++;
          continue;
        }
        if (c === 10) {
          finishRecord(i);
          nextNl = -1;
          nextD = -1;
          continue;
        }
        state = UNQUOTED;
      }
      // UNQUOTED: the field runs to the next delimiter or newline.
      if (nextD < i) {
        nextD = buf.indexOf(d, i);
        if (nextD < 0) nextD = n;
      }
      const nd = nextD;
      if (nextNl < nd) {
        const end = nextNl;
        finishRecord(end);
        nextNl = -1;
        // A resync moves back inside the record: the cached delimiter may be too far on.
        if (i !== end + 1) nextD = -1;
        continue;
      }
      if (nd === n) {
        i = n;
        break;
      }
      i = nd + 1;
      state = FIELD_START;
    }
    if (i - recStart > maxBytes && state === QUOTED && nl > 0) {
      rejectFirstLine(`a quoted field runs over ${maxBytes} bytes (unbalanced quote)`);
    }
  };

  for await (const chunk of chunks) {
    if (recStart >= buf.length) {
      i -= recStart;
      buf = chunk;
    } else {
      i -= recStart;
      buf = Buffer.concat([buf.subarray(recStart), chunk]);
    }
    recStart = 0;
    scan();
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  // End of file: a last record without a newline, or an open quote.
  while (recStart < buf.length) {
    if (state === QUOTED && nl > 0) {
      rejectFirstLine('a quoted field never ends (unbalanced quote)');
      scan();
      continue;
    }
    finishRecord(buf.length);
  }
  if (expected < 0 && out.length === 0) throw new InputFileError(file, 'is empty: no header line');
  if (out.length > 0) yield out;
}
