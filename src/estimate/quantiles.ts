/**
 * Quantiles of the normal and Student t distributions, for confidence intervals. Closed forms
 * and classical expansions rather than a statistics package: two functions do not justify a
 * dependency, and both are checked against table values in tests/estimate/quantiles.test.ts.
 */

/**
 * The p-quantile of the standard normal (Acklam's rational approximation, relative error
 * below 1.2e-9 — far below what an interval needs).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}

/**
 * P(|T| ≤ t) for Student's t with an integer number of degrees of freedom: the finite series
 * of Abramowitz & Stegun 26.7.3 (odd) and 26.7.4 (even), exact up to rounding.
 */
function studentTCentralMass(t: number, v: number): number {
  const theta = Math.atan(t / Math.sqrt(v));
  const c2 = Math.cos(theta) ** 2;
  const sin = Math.sin(theta);
  if (v % 2 === 1) {
    let term = Math.cos(theta);
    let sum = v > 1 ? term : 0;
    for (let k = 3; k <= v - 2; k += 2) {
      term *= (c2 * (k - 1)) / k;
      sum += term;
    }
    return (2 / Math.PI) * (theta + sin * sum);
  }
  let term = 1;
  let sum = 1;
  for (let k = 2; k <= v - 2; k += 2) {
    term *= (c2 * (k - 1)) / k;
    sum += term;
  }
  return sin * sum;
}

/** Four-term Cornish–Fisher expansion (A&S 26.7.5): the starting point, and the answer for large df. */
function cornishFisher(p: number, v: number): number {
  const x = normalQuantile(p);
  const x2 = x * x;
  const g1 = (x * (x2 + 1)) / 4;
  const g2 = (x * ((5 * x2 + 16) * x2 + 3)) / 96;
  const g3 = (x * (((3 * x2 + 19) * x2 + 17) * x2 - 15)) / 384;
  const g4 = (x * ((((79 * x2 + 776) * x2 + 1482) * x2 - 1920) * x2 - 945)) / 92160;
  return x + g1 / v + g2 / v ** 2 + g3 / v ** 3 + g4 / v ** 4;
}

/** Above this many degrees of freedom the expansion is exact to far below an interval's needs. */
const CORNISH_FISHER_FROM = 200;

/**
 * The p-quantile of Student's t with `df` degrees of freedom (rounded down to an integer):
 * the exact distribution function inverted by bisection up to 200 degrees, the Cornish–Fisher
 * expansion above.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`studentTQuantile needs 0 < p < 1, got ${p}`);
  if (!(df >= 1)) throw new Error(`studentTQuantile needs df ≥ 1, got ${df}`);
  if (!Number.isFinite(df)) return normalQuantile(p);
  const v = Math.floor(df);
  if (v >= CORNISH_FISHER_FROM) return cornishFisher(p, v);
  if (p < 0.5) return -studentTQuantile(1 - p, v);
  const mass = 2 * p - 1;
  let lo = 0;
  let hi = Math.max(1, 2 * cornishFisher(p, v));
  while (studentTCentralMass(hi, v) < mass) hi *= 2;
  for (let iter = 0; iter < 200 && hi - lo > 1e-12 * hi; iter++) {
    const mid = (lo + hi) / 2;
    if (studentTCentralMass(mid, v) < mass) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** log Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error about 1e-15). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes §6.4). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-14) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b): the Beta(a, b) distribution function. */
export function betaCdf(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new Error(`betaCdf needs a, b > 0, got ${a}, ${b}`);
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast below the mean; above it, use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** The p-quantile of Beta(a, b), by bisection on its distribution function. */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`betaQuantile needs 0 < p < 1, got ${p}`);
  let lo = 0;
  let hi = 1;
  for (let iter = 0; iter < 64 && hi - lo > 1e-13; iter++) {
    const mid = (lo + hi) / 2;
    if (betaCdf(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
