/**
 * The elements of a top-level JSON array, streamed: a 5 GB `[ {...}, {...} ]` is cut into
 * its elements on the raw bytes (tracking strings, escapes and nesting), and each element
 * is then parsed on its own. Pretty-printed arrays work the same; the line of an element is
 * the line where it starts.
 */

export interface JsonElement {
  line: number;
  bytes: Buffer;
  /** Why the element is unusable before parsing (cut short, too long). */
  problem?: string;
}

const BETWEEN = 0; // inside the array, between elements
const IN_VALUE = 1; // inside an element, outside strings
const IN_STRING = 2;
const BEFORE = 3; // before the opening bracket
const AFTER = 4; // after the closing bracket

export async function* splitJsonArray(chunks: AsyncIterable<Buffer>, maxBytes = 256 << 20): AsyncGenerator<JsonElement[]> {
  let buf: Buffer = Buffer.alloc(0);
  let start = 0; // start of the current element in buf (or scan start)
  let i = 0;
  let state = BEFORE;
  let depth = 0;
  let line = 1; // line at position i
  let elemLine = 1;
  let out: JsonElement[] = [];

  const scan = (): void => {
    const n = buf.length;
    while (i < n) {
      const c = buf[i];
      if (state === IN_STRING) {
        const q = buf.indexOf(34, i);
        if (q < 0) {
          i = n;
          break;
        }
        let k = q - 1;
        while (k >= start && buf[k] === 92) k--;
        i = q + 1;
        if ((q - 1 - k) % 2 === 0) state = IN_VALUE;
        continue;
      }
      if (c === 10) line++;
      if (state === IN_VALUE) {
        if (c === 34) state = IN_STRING;
        else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          depth--;
          if (depth === 0) {
            out.push({ line: elemLine, bytes: buf.subarray(start, i + 1) });
            state = BETWEEN;
          } else if (depth < 0) {
            // A bare value (number, string…) ended by the array's closing bracket.
            out.push({ line: elemLine, bytes: buf.subarray(start, i) });
            state = AFTER;
          }
        } else if (c === 44 && depth === 0) {
          out.push({ line: elemLine, bytes: buf.subarray(start, i) });
          state = BETWEEN;
        }
      } else if (state === BETWEEN) {
        if (c === 93) state = AFTER;
        else if (c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 44) {
          start = i;
          elemLine = line;
          state = IN_VALUE;
          depth = 0;
          if (c === 123 || c === 91) depth = 1;
          else if (c === 34) state = IN_STRING;
        }
      } else if (state === BEFORE) {
        if (c === 91) state = BETWEEN;
        else if (c !== 32 && c !== 10 && c !== 13 && c !== 9) {
          out.push({ line, bytes: buf.subarray(i, Math.min(n, i + 200)), problem: 'the file does not start with a JSON array' });
          state = AFTER;
        }
      } else if (c !== 32 && c !== 10 && c !== 13 && c !== 9) {
        // AFTER: trailing content is reported once, then ignored.
        out.push({ line, bytes: buf.subarray(i, Math.min(n, i + 200)), problem: 'text after the end of the JSON array' });
        i = n;
        break;
      }
      i++;
    }
  };

  for await (const chunk of chunks) {
    const keep = state === IN_VALUE || state === IN_STRING ? start : buf.length;
    if (keep < buf.length) {
      buf = Buffer.concat([buf.subarray(keep), chunk]);
      i -= keep;
      start -= keep;
    } else {
      buf = chunk;
      i = 0;
      start = 0;
    }
    scan();
    if ((state === IN_VALUE || state === IN_STRING) && i - start > maxBytes) {
      out.push({ line: elemLine, bytes: buf.subarray(start, start + 1024), problem: `an element is longer than ${maxBytes} bytes` });
      return; // cannot resynchronise inside an array without reading the element
    }
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  if (state === IN_VALUE || state === IN_STRING) {
    out.push({ line: elemLine, bytes: buf.subarray(start), problem: 'the JSON array is cut short: this element never ends' });
  } else if (state === BETWEEN) {
    out.push({ line, bytes: Buffer.alloc(0), problem: 'the JSON array is cut short: no closing bracket' });
  }
  if (out.length > 0) yield out;
}
