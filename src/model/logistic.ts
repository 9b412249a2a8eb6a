/**
 * The baseline: L2-regularised logistic regression fitted exactly by Newton's method
 * (iteratively reweighted least squares) in plain TypeScript. Deterministic, no tfjs: if
 * the network cannot beat this, the network is not earning its keep.
 */
import type { Classifier, FitOptions } from './classifier.js';
import { toMatrix, type MatrixLike } from './matrix.js';

export interface LogisticHyperParameters {
  /** L2 penalty λ on the coefficients (not the intercept), scaled by the total weight: λ·Σw/2·‖β‖². */
  l2: number;
  maxIterations: number;
  tolerance: number;
}

export const DEFAULT_LOGISTIC: LogisticHyperParameters = { l2: 1e-2, maxIterations: 50, tolerance: 1e-8 };

export interface LogisticState {
  kind: 'logistic';
  coef: number[];
  intercept: number;
}

// One exp either side (the same value as computing it twice: Math.exp is a function of z alone).
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Solves A x = b in place for a symmetric positive definite A (Cholesky). */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) l[i * n + i] = Math.sqrt(Math.max(s, 1e-12));
      else l[i * n + j] = s / l[j * n + j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

export class LogisticRegression implements Classifier {
  readonly kind = 'logistic';
  readonly params: LogisticHyperParameters;
  private coef: Float64Array | undefined;
  private intercept = 0;

  constructor(params: Partial<LogisticHyperParameters> = {}) {
    this.params = { ...DEFAULT_LOGISTIC, ...params };
  }

  static fromState(state: LogisticState): LogisticRegression {
    const model = new LogisticRegression();
    model.coef = Float64Array.from(state.coef);
    model.intercept = state.intercept;
    return model;
  }

  async fit(X: MatrixLike, y: Uint8Array, opts: FitOptions): Promise<void> {
    const m = toMatrix(X);
    const { rows, cols, data } = m;
    if (y.length !== rows) throw new Error(`labels (${y.length}) and rows (${rows}) differ`);
    const w = opts.sampleWeight ?? new Float32Array(rows).fill(1);
    const d = cols + 1; // the last parameter is the intercept
    const beta = new Float64Array(d);
    let totalWeight = 0;
    for (let i = 0; i < rows; i++) totalWeight += w[i];
    const lambda = this.params.l2 * totalWeight;
    for (let iter = 0; iter < this.params.maxIterations; iter++) {
      const grad = new Float64Array(d);
      const hess = new Float64Array(d * d);
      for (let i = 0; i < rows; i++) {
        const off = i * cols;
        let z = beta[cols];
        for (let j = 0; j < cols; j++) z += beta[j] * data[off + j];
        const p = sigmoid(z);
        const r = w[i] * (p - y[i]);
        const h = w[i] * p * (1 - p);
        for (let j = 0; j < cols; j++) {
          const xj = data[off + j];
          grad[j] += r * xj;
          const hx = h * xj;
          for (let k = 0; k <= j; k++) hess[j * d + k] += hx * data[off + k];
          hess[cols * d + j] += hx;
        }
        grad[cols] += r;
        hess[cols * d + cols] += h;
      }
      for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hess[k * d + j] = hess[j * d + k];
      for (let j = 0; j < cols; j++) {
        grad[j] += lambda * beta[j];
        hess[j * d + j] += lambda;
      }
      hess[cols * d + cols] += 1e-9 * totalWeight;
      const step = solveSpd(hess, grad, d);
      let size = 0;
      for (let j = 0; j < d; j++) {
        beta[j] -= step[j];
        size = Math.max(size, Math.abs(step[j]));
      }
      opts.onProgress?.(`logistic: iteration ${iter + 1}, step ${size.toExponential(2)}`);
      if (size < this.params.tolerance) break;
    }
    this.coef = beta.slice(0, cols);
    this.intercept = beta[cols];
  }

  async predictProba(X: MatrixLike): Promise<Float32Array> {
    const coef = this.coef;
    if (coef === undefined) throw new Error('LogisticRegression: predictProba before fit');
    const { rows, cols, data } = toMatrix(X);
    if (cols !== coef.length) throw new Error(`expected ${coef.length} columns, got ${cols}`);
    const out = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      let z = this.intercept;
      for (let j = 0; j < cols; j++) z += coef[j] * data[i * cols + j];
      out[i] = sigmoid(z);
    }
    return out;
  }

  /** Coefficients on the standardised inputs (for explanations and the card). */
  state(): LogisticState {
    if (this.coef === undefined) throw new Error('LogisticRegression: not fitted');
    return { kind: 'logistic', coef: Array.from(this.coef), intercept: this.intercept };
  }

  hyperParameters(): Record<string, unknown> {
    return { ...this.params };
  }

  dispose(): void {}
}
