/**
 * One JSON record from its bytes: UTF-8 checked, parsed once. JSON.parse creates
 * `__proto__` as a plain own key (it never sets a prototype), and mappers read only named
 * own fields (see fields.ts), so crafted keys cannot pollute anything or reach an output.
 */
import { isUtf8 } from 'node:buffer';
import { RecordError } from './readers/types.js';

export function parseJsonBytes(bytes: Buffer): unknown {
  if (!isUtf8(bytes)) throw new RecordError('invalid UTF-8 bytes in the record');
  return parseJsonText(bytes.toString('utf8'));
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/end of JSON input|Unterminated string/i.test(msg)) {
      throw new RecordError('the JSON record is cut short (it ends in the middle)');
    }
    throw new RecordError(`not valid JSON (${msg})`);
  }
}

/** Raw text of a record for a reject, never throwing on bad bytes. */
export function rawText(bytes: Buffer, max = 2048): string {
  return bytes.subarray(0, max).toString('utf8');
}
