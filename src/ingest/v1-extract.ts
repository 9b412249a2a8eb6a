/**
 * A pruned parse of one v1.1 status line: a validating scanner that materialises only the
 * fields `tweetFromV1` reads and steps over every other value without building it (a
 * status is about 40 fields, the quoted status and most of the user's profile unread;
 * JSON.parse of the whole record and its garbage was a third of a worker's time, see
 * docs/performance.md).
 *
 * Contract: `extractV1(text)` returns either `undefined` (the caller then runs JSON.parse
 * on the line, whose result or error stands) or an object whose own fields at every path
 * the mapper reads are equal to those of `JSON.parse(text)`. It returns an object only
 * when the whole line is valid JSON, so a malformed line is never accepted here. Anything
 * unusual gives `undefined`: a control character anywhere (raw tabs are legal JSON
 * whitespace but not inside strings; this cheap line-wide test keeps the scanner simple),
 * an escape inside a key (it could spell a wanted name), a wanted key given twice
 * (JSON.parse keeps the last; not worth matching), nesting deeper than `MAX_DEPTH`, a
 * top-level value that is not an object, or a record without `user` and `created_at`
 * (stream notices take the full path).
 */
import type { JsonObject } from './fields.js';

/** What to build of a value found under a wanted key. */
interface ObjectNode {
  readonly names: readonly string[];
  readonly nodes: readonly Node[];
  /** Indices into `names` by name length: a key is matched with a startsWith or two, never sliced. */
  readonly byLength: readonly (readonly number[])[];
}
/** An array of objects pruned to `item` (entities.hashtags); other elements are built whole. */
interface ArrayNode {
  readonly item: ObjectNode;
}
/** LEAF: the value is built whole (a string, number, literal, or a whole object/array). */
const LEAF = 0;
type Node = typeof LEAF | ObjectNode | ArrayNode;

function obj(fields: Record<string, Node>): ObjectNode {
  const names = Object.keys(fields);
  const byLength: number[][] = [];
  names.forEach((name, i) => {
    for (let n = byLength.length; n <= name.length; n++) byLength.push([]);
    byLength[name.length].push(i);
  });
  // A bit per field marks it seen (duplicates bail): at most 31 fields.
  if (names.length > 31) throw new Error('too many fields for the seen-mask');
  return { names, nodes: Object.values(fields), byLength };
}

const NONE: readonly number[] = [];

// The fields tweetFromV1 and userFromV1 (readers/v1.ts) read, and nothing else.
const HASHTAGS: ArrayNode = { item: obj({ text: LEAF }) };
const ENTITIES = obj({ hashtags: HASHTAGS });
const EXTENDED = obj({ full_text: LEAF, entities: ENTITIES });
const USER = obj({
  id_str: LEAF, id: LEAF, created_at: LEAF, screen_name: LEAF, name: LEAF, description: LEAF,
  followers_count: LEAF, friends_count: LEAF, statuses_count: LEAF, favourites_count: LEAF, listed_count: LEAF,
  verified: LEAF, default_profile: LEAF, default_profile_image: LEAF, profile_use_background_image: LEAF,
  location: LEAF, url: LEAF,
});
const RETWEETED = obj({
  entities: ENTITIES, extended_tweet: EXTENDED, full_text: LEAF, text: LEAF, user: obj({ screen_name: LEAF }),
});
const STATUS = obj({
  id_str: LEAF, id: LEAF, created_at: LEAF, user: USER, retweeted_status: RETWEETED,
  in_reply_to_status_id_str: LEAF, in_reply_to_status_id: LEAF, quoted_status_id_str: LEAF, quoted_status_id: LEAF,
  is_quote_status: LEAF, entities: ENTITIES, extended_tweet: EXTENDED, full_text: LEAF, text: LEAF, source: LEAF,
});

/** Deeper skipped nesting is left to JSON.parse. */
const MAX_DEPTH = 256;
const IN_OBJECT = 1;
const IN_ARRAY = 2;
const stack = new Uint8Array(MAX_DEPTH);

const CONTROL = /[\u0000-\u001f]/;

/** Thrown (never escaping this module) to abandon the fast path. */
class Bail {}
const BAIL = new Bail();

// Scanner state for the line being read: module-level so the helpers stay monomorphic
// and allocation-free. `bs` caches the position of the next backslash at or after some
// point (s.length when none), so a line without escapes costs one indexOf for them all.
let s = '';
let bs = 0;

function nextBackslash(str: string, from: number): number {
  if (bs < from) {
    const i = str.indexOf('\\', from);
    bs = i < 0 ? str.length : i;
  }
  return bs;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** The index of the closing quote of the string opening at `p`; whether it had escapes goes to `escaped`. */
let escaped = false;
function stringEnd(str: string, p: number): number {
  escaped = false;
  let from = p + 1;
  let q = str.indexOf('"', from);
  for (;;) {
    if (q < 0) throw BAIL;
    const b = nextBackslash(str, from);
    if (b > q) return q;
    escaped = true;
    const e = str.charCodeAt(b + 1);
    let next: number;
    if (e === 117) { // \uXXXX
      if (!(isHex(str.charCodeAt(b + 2)) && isHex(str.charCodeAt(b + 3)) && isHex(str.charCodeAt(b + 4)) && isHex(str.charCodeAt(b + 5)))) throw BAIL;
      next = b + 6;
    } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
      next = b + 2;
    } else throw BAIL;
    from = next;
    if (q < next) q = str.indexOf('"', next);
  }
}

function spaces(str: string, p: number): number {
  while (str.charCodeAt(p) === 32) p++;
  return p;
}

function numberEnd(str: string, p: number): number {
  if (str.charCodeAt(p) === 45) p++;
  let c = str.charCodeAt(p);
  if (c === 48) p++;
  else if (c >= 49 && c <= 57) {
    do p++; while ((c = str.charCodeAt(p)) >= 48 && c <= 57);
  } else throw BAIL;
  if (str.charCodeAt(p) === 46) {
    p++;
    c = str.charCodeAt(p);
    if (!(c >= 48 && c <= 57)) throw BAIL;
    do p++; while ((c = str.charCodeAt(p)) >= 48 && c <= 57);
  }
  c = str.charCodeAt(p);
  if (c === 101 || c === 69) {
    p++;
    c = str.charCodeAt(p);
    if (c === 43 || c === 45) p++;
    c = str.charCodeAt(p);
    if (!(c >= 48 && c <= 57)) throw BAIL;
    do p++; while ((c = str.charCodeAt(p)) >= 48 && c <= 57);
  }
  return p;
}

/** Past `"key" :` at `p` (a skipped object's key), spaces after the colon included. */
function keyEnd(str: string, p: number): number {
  if (str.charCodeAt(p) !== 34) throw BAIL;
  p = spaces(str, stringEnd(str, p) + 1);
  if (str.charCodeAt(p) !== 58) throw BAIL;
  return spaces(str, p + 1);
}

/** The end of the (valid) JSON value at `p`, without building it. */
function skip(str: string, p: number): number {
  let depth = 0;
  for (;;) {
    // A value starts at p.
    const c = str.charCodeAt(p);
    if (c === 34) p = stringEnd(str, p) + 1;
    else if (c === 123 || c === 91) {
      p = spaces(str, p + 1);
      const close = c === 123 ? 125 : 93;
      if (str.charCodeAt(p) === close) p++;
      else {
        if (depth === MAX_DEPTH) throw BAIL;
        stack[depth++] = c === 123 ? IN_OBJECT : IN_ARRAY;
        if (c === 123) p = keyEnd(str, p);
        continue;
      }
    } else if (c === 116) { if (!str.startsWith('true', p)) throw BAIL; p += 4; }
    else if (c === 102) { if (!str.startsWith('false', p)) throw BAIL; p += 5; }
    else if (c === 110) { if (!str.startsWith('null', p)) throw BAIL; p += 4; }
    else p = numberEnd(str, p);
    // A value ended before p: close containers, or go on to the next element.
    for (;;) {
      if (depth === 0) return p;
      p = spaces(str, p);
      const d = str.charCodeAt(p);
      const top = stack[depth - 1];
      if (d === 44) {
        p = spaces(str, p + 1);
        if (top === IN_OBJECT) p = keyEnd(str, p);
        break;
      }
      if ((d === 125 && top === IN_OBJECT) || (d === 93 && top === IN_ARRAY)) {
        depth--;
        p++;
        continue;
      }
      throw BAIL;
    }
  }
}

// Built values are returned through `value`, the position through the return value.
let value: unknown;

function leaf(str: string, p: number): number {
  const c = str.charCodeAt(p);
  if (c === 34) {
    const q = stringEnd(str, p);
    value = escaped ? JSON.parse(str.slice(p, q + 1)) : str.slice(p + 1, q);
    return q + 1;
  }
  if (c === 116) { if (!str.startsWith('true', p)) throw BAIL; value = true; return p + 4; }
  if (c === 102) { if (!str.startsWith('false', p)) throw BAIL; value = false; return p + 5; }
  if (c === 110) { if (!str.startsWith('null', p)) throw BAIL; value = null; return p + 4; }
  if (c === 123 || c === 91) {
    const end = skip(str, p);
    // Valid JSON by now: its parse is the subtree JSON.parse would have built.
    value = JSON.parse(str.slice(p, end));
    return end;
  }
  const end = numberEnd(str, p);
  value = Number(str.slice(p, end));
  return end;
}

function object(str: string, p: number, node: ObjectNode): number {
  const o: Record<string, unknown> = {};
  p = spaces(str, p + 1);
  if (str.charCodeAt(p) === 125) {
    value = o;
    return p + 1;
  }
  let seen = 0;
  for (;;) {
    if (str.charCodeAt(p) !== 34) throw BAIL;
    const q = stringEnd(str, p);
    if (escaped) throw BAIL;
    const candidates = node.byLength[q - p - 1] ?? NONE;
    let field = -1;
    for (let k = 0; k < candidates.length; k++) {
      const i = candidates[k];
      if (str.startsWith(node.names[i], p + 1)) {
        field = i;
        break;
      }
    }
    p = spaces(str, q + 1);
    if (str.charCodeAt(p) !== 58) throw BAIL;
    p = spaces(str, p + 1);
    if (field < 0) p = skip(str, p);
    else {
      if ((seen & (1 << field)) !== 0) throw BAIL;
      seen |= 1 << field;
      p = build(str, p, node.nodes[field]);
      o[node.names[field]] = value;
    }
    p = spaces(str, p);
    const d = str.charCodeAt(p);
    if (d === 44) p = spaces(str, p + 1);
    else if (d === 125) {
      value = o;
      return p + 1;
    } else throw BAIL;
  }
}

function array(str: string, p: number, node: ArrayNode): number {
  const a: unknown[] = [];
  p = spaces(str, p + 1);
  if (str.charCodeAt(p) === 93) {
    value = a;
    return p + 1;
  }
  for (;;) {
    p = str.charCodeAt(p) === 123 ? object(str, p, node.item) : leaf(str, p);
    a.push(value);
    p = spaces(str, p);
    const d = str.charCodeAt(p);
    if (d === 44) p = spaces(str, p + 1);
    else if (d === 93) {
      value = a;
      return p + 1;
    } else throw BAIL;
  }
}

function build(str: string, p: number, node: Node): number {
  if (node === LEAF) return leaf(str, p);
  const c = str.charCodeAt(p);
  if ('names' in node) return c === 123 ? object(str, p, node) : leaf(str, p);
  return c === 91 ? array(str, p, node) : leaf(str, p);
}

/** The status on this line pruned to the fields the v1.1 mapper reads, or undefined (see above). */
export function extractV1(text: string): JsonObject | undefined {
  if (CONTROL.test(text)) return undefined;
  s = text;
  const str = text;
  bs = -1;
  try {
    let p = spaces(str, 0);
    if (str.charCodeAt(p) !== 123) return undefined;
    p = spaces(str, object(str, p, STATUS));
    if (p !== str.length) return undefined;
    const o = value as Record<string, unknown>;
    if (o.user === undefined && o.created_at === undefined) return undefined;
    return o;
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  } finally {
    s = '';
    value = undefined;
  }
}
