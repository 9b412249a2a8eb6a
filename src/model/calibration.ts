/**
 * Calibration maps a classifier's raw score to a probability that means what it says.
 * Both methods are fitted on out-of-fold predictions (scores the model gave to rows it
 * was not trained on), never on the training rows themselves.
 *
 * - Platt (1999): p = σ(a·logit(s) + b), fitted by Newton's method on the log-loss with
 *   Platt's smoothed targets (N₊+1)/(N₊+2) and 1/(N₋+2), which keeps it from overfitting.
 * - Isotonic (pool-adjacent-violators): the best non-decreasing step function, linearly
 *   interpolated between block centres, clipped at the ends.
 */

export type Calibrator =
  | { method: 'platt'; a: number; b: number }
  | { method: 'isotonic'; x: number[]; y: number[] }
  | { method: 'identity' };

export type CalibrationMethod = Calibrator['method'];

const EPS = 1e-7;

function logit(s: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, s));
  return Math.log(q / (1 - q));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * `weights` (optional, per row) let the fit target a chosen prior, e.g. equal total weight
 * for bots and humans; Platt's smoothing then uses the weighted class totals.
 */
export function fitPlatt(scores: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): Calibrator {
  const n = scores.length;
  const wt = (i: number): number => (weights === undefined ? 1 : weights[i]);
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) positives += wt(i);
    else negatives += wt(i);
  }
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  const z = Array.from({ length: n }, (_, i) => logit(scores[i]));
  const t = Array.from({ length: n }, (_, i) => (y[i] === 1 ? hi : lo));
  // Log-loss (with the ridge) at (a, b); log σ(x) computed stably.
  const logSigmoid = (x: number): number => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));
  const loss = (a: number, b: number): number => {
    let l = 0.5e-6 * a * a;
    for (let i = 0; i < n; i++) {
      const u = a * z[i] + b;
      l -= wt(i) * (t[i] * logSigmoid(u) + (1 - t[i]) * logSigmoid(-u));
    }
    return l;
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    // Gradient and Hessian of the cross-entropy with respect to (a, b), plus a tiny ridge
    // so that separable data cannot push a to infinity.
    let ga = 1e-6 * a;
    let gb = 0;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * z[i] + b);
      const r = wt(i) * (p - t[i]);
      const w = wt(i) * p * (1 - p);
      ga += r * z[i];
      gb += r;
      haa += w * z[i] * z[i];
      hab += w * z[i];
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 1e-12)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Newton's full step can overshoot when the scores sit at 0 or 1 (logits near ±16):
    // halve it until the loss goes down, so the fit never diverges.
    let step = 1;
    let next = loss(a - da, b - db);
    while (!(next <= current) && step > 1e-8) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (!(next <= current)) break;
    a -= step * da;
    b -= step * db;
    const improvement = current - next;
    current = next;
    if ((Math.abs(step * da) < 1e-10 && Math.abs(step * db) < 1e-10) || improvement < 1e-12 * Math.max(1, Math.abs(current))) break;
  }
  return { method: 'platt', a, b };
}

export function fitIsotonic(scores: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): Calibrator {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[i] - scores[j]);
  const wt = (i: number): number => (weights === undefined ? 1 : weights[i]);
  // Blocks: [mean score, mean label, weight]; equal scores start in one block.
  const bx: number[] = [];
  const by: number[] = [];
  const bw: number[] = [];
  for (const i of order) {
    const s = scores[i];
    const last = bx.length - 1;
    const w = wt(i);
    if (last >= 0 && bx[last] === s) {
      by[last] = (by[last] * bw[last] + y[i] * w) / (bw[last] + w);
      bw[last] += w;
    } else {
      bx.push(s);
      by.push(y[i]);
      bw.push(w);
    }
    // Pool adjacent violators.
    while (bx.length > 1 && by[by.length - 2] > by[by.length - 1]) {
      const w1 = bw.pop() as number;
      const y1 = by.pop() as number;
      const x1 = bx.pop() as number;
      const k = bx.length - 1;
      const w = bw[k] + w1;
      bx[k] = (bx[k] * bw[k] + x1 * w1) / w;
      by[k] = (by[k] * bw[k] + y1 * w1) / w;
      bw[k] = w;
    }
  }
  return { method: 'isotonic', x: bx, y: by };
}

export function fitCalibrator(
  method: CalibrationMethod,
  scores: ArrayLike<number>,
  y: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Calibrator {
  if (method === 'platt') return fitPlatt(scores, y, weights);
  if (method === 'isotonic') return fitIsotonic(scores, y, weights);
  return { method: 'identity' };
}

/** Calibrated probability of one raw score. */
export function calibrate(c: Calibrator, s: number): number {
  if (c.method === 'identity') return s;
  if (c.method === 'platt') return sigmoid(c.a * logit(s) + c.b);
  const { x, y } = c;
  if (x.length === 0) return s;
  if (s <= x[0]) return y[0];
  if (s >= x[x.length - 1]) return y[y.length - 1];
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= s) lo = mid;
    else hi = mid;
  }
  const f = (s - x[lo]) / (x[hi] - x[lo]);
  return y[lo] + f * (y[hi] - y[lo]);
}

export function calibrateAll(c: Calibrator, scores: ArrayLike<number>): Float32Array {
  const out = new Float32Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = calibrate(c, scores[i]);
  return out;
}
