/**
 * Screen-name likelihood (BotometerLite): how ordinary a @handle looks, as the geometric mean
 * of the probabilities of its character bigrams under a table learned from training names.
 * Random-looking handles ("xq7z1k93jd") score low, word-like ones ("maria_rossi") high.
 */

/** Symbols: '^' (start), '$' (end), a–z, 0–9, '_', and one catch-all for anything else. */
export const BIGRAM_ALPHABET = '^$abcdefghijklmnopqrstuvwxyz0123456789_';
const OTHER = BIGRAM_ALPHABET.length; // index of the catch-all symbol
export const BIGRAM_SYMBOLS = BIGRAM_ALPHABET.length + 1; // 40

/** JSON-serialisable: saved with the model so that scoring uses the training table. */
export interface BigramModel {
  readonly kind: 'screen_name_bigrams';
  readonly version: 1;
  readonly alphabet: string;
  /** Row-major BIGRAM_SYMBOLS × BIGRAM_SYMBOLS counts, index = first · 40 + second. */
  readonly counts: number[];
  /** Sum of counts. */
  readonly total: number;
  /** Number of names the table was fitted on. */
  readonly names: number;
}

function symbolIndex(ch: string): number {
  const i = BIGRAM_ALPHABET.indexOf(ch);
  // '^' and '$' inside a name are ordinary "other" characters, not boundaries.
  return i < 2 ? OTHER : i;
}

/** Symbol indices of "^" + lower(name) + "$". */
function symbols(name: string): number[] {
  const out = [0];
  for (const ch of name.toLowerCase()) out.push(symbolIndex(ch));
  out.push(1);
  return out;
}

export function fitBigramModel(names: Iterable<string>): BigramModel {
  const counts = new Array<number>(BIGRAM_SYMBOLS * BIGRAM_SYMBOLS).fill(0);
  let total = 0;
  let n = 0;
  for (const name of names) {
    if (name.length === 0) continue;
    const s = symbols(name);
    for (let i = 0; i + 1 < s.length; i++) {
      counts[s[i] * BIGRAM_SYMBOLS + s[i + 1]] += 1;
      total += 1;
    }
    n += 1;
  }
  return { kind: 'screen_name_bigrams', version: 1, alphabet: BIGRAM_ALPHABET, counts, total, names: n };
}

/** Checks a table read from disk (a model directory is user input). */
export function loadBigramModel(value: unknown): BigramModel {
  if (typeof value !== 'object' || value === null) throw new Error('bigram model: not an object');
  const v = value as Record<string, unknown>;
  const counts = v.counts;
  if (
    v.kind !== 'screen_name_bigrams' ||
    v.version !== 1 ||
    v.alphabet !== BIGRAM_ALPHABET ||
    !Array.isArray(counts) ||
    counts.length !== BIGRAM_SYMBOLS * BIGRAM_SYMBOLS ||
    !counts.every((c) => typeof c === 'number' && Number.isFinite(c) && c >= 0)
  ) {
    throw new Error('bigram model: unexpected kind, version, alphabet or counts');
  }
  const total = (counts as number[]).reduce((a, b) => a + b, 0);
  const names = typeof v.names === 'number' ? v.names : 0;
  return { kind: 'screen_name_bigrams', version: 1, alphabet: BIGRAM_ALPHABET, counts: counts as number[], total, names };
}

/**
 * Geometric mean of add-one-smoothed bigram probabilities,
 * exp(mean_i log((c_i + 1) / (total + 40²))). NaN for an empty name.
 */
export function screenNameLikelihood(name: string, model: BigramModel): number {
  if (name.length === 0) return Number.NaN;
  const s = symbols(name);
  const denominator = model.total + BIGRAM_SYMBOLS * BIGRAM_SYMBOLS;
  let logSum = 0;
  for (let i = 0; i + 1 < s.length; i++) {
    logSum += Math.log((model.counts[s[i] * BIGRAM_SYMBOLS + s[i + 1]] + 1) / denominator);
  }
  return Math.exp(logSum / (s.length - 1));
}
