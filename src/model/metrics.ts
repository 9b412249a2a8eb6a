/**
 * Evaluation metrics as pure functions of labels (1 = bot) and scores in [0, 1].
 * A metric that is undefined on the input (AUC with a single class, precision with no
 * positive prediction) is NaN, never a made-up 0 or 1; JSON writers turn NaN into null.
 */

function checkLengths(y: ArrayLike<number>, p: ArrayLike<number>): void {
  if (y.length !== p.length) throw new Error(`labels (${y.length}) and scores (${p.length}) differ in length`);
}

/**
 * Area under the ROC curve: the probability that a random bot scores above a random
 * human, ties counting one half (Mann–Whitney U with average ranks).
 */
export function auc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  checkLengths(y, p);
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && p[order[j + 1]] === p[order[i]]) j++;
    const averageRank = (i + j) / 2 + 1; // ranks are 1-based
    for (let k = i; k <= j; k++) {
      if (y[order[k]] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Counts at a threshold: a score ≥ threshold is called a bot. */
export function confusion(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): Confusion {
  checkLengths(y, p);
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < y.length; i++) {
    const called = p[i] >= threshold;
    if (y[i] === 1) called ? c.tp++ : c.fn++;
    else called ? c.fp++ : c.tn++;
  }
  return c;
}

const ratio = (a: number, b: number): number => (b === 0 ? NaN : a / b);

export function precision(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  const c = confusion(y, p, threshold);
  return ratio(c.tp, c.tp + c.fp);
}

/** Recall = true positive rate. */
export function recall(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  const c = confusion(y, p, threshold);
  return ratio(c.tp, c.tp + c.fn);
}

export function falsePositiveRate(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  const c = confusion(y, p, threshold);
  return ratio(c.fp, c.fp + c.tn);
}

export function f1(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  const c = confusion(y, p, threshold);
  return ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
}

export function accuracy(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  const c = confusion(y, p, threshold);
  return ratio(c.tp + c.tn, y.length);
}

/** Mean squared difference between the score and the 0/1 label. */
export function brier(y: ArrayLike<number>, p: ArrayLike<number>): number {
  checkLengths(y, p);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (p[i] - y[i]) ** 2;
  return ratio(sum, y.length);
}

/** Mean negative log-likelihood, scores clipped to [1e-7, 1 − 1e-7]. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  checkLengths(y, p);
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
    sum -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return ratio(sum, y.length);
}

/**
 * Expected calibration error: scores fall into `bins` equal-width bins on [0, 1] (a score
 * of exactly 1 goes to the last bin); the error is the mean over rows of
 * |mean score − share of bots| of the row's bin.
 */
export function expectedCalibrationError(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): number {
  checkLengths(y, p);
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p[i] * bins)));
    count[b]++;
    sumP[b] += p[i];
    sumY[b] += y[i];
  }
  let error = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] > 0) error += Math.abs(sumP[b] - sumY[b]);
  }
  return ratio(error, y.length);
}

export interface Metrics {
  n: number;
  bots: number;
  humans: number;
  auc: number;
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  /** True positive rate (= recall) and false positive rate at the threshold. */
  tpr: number;
  fpr: number;
  brier: number;
  logLoss: number;
  /** Expected calibration error over 10 equal-width bins. */
  ece: number;
  meanScoreBot: number;
  meanScoreHuman: number;
}

function meanWhere(y: ArrayLike<number>, p: ArrayLike<number>, label: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === label) {
      sum += p[i];
      n++;
    }
  }
  return ratio(sum, n);
}

/** Every metric above at once, for reports and model cards. */
export function evaluateScores(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): Metrics {
  const c = confusion(y, p, threshold);
  return {
    n: y.length,
    bots: c.tp + c.fn,
    humans: c.fp + c.tn,
    auc: auc(y, p),
    threshold,
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    accuracy: ratio(c.tp + c.tn, y.length),
    tpr: ratio(c.tp, c.tp + c.fn),
    fpr: ratio(c.fp, c.fp + c.tn),
    brier: brier(y, p),
    logLoss: logLoss(y, p),
    ece: expectedCalibrationError(y, p),
    meanScoreBot: meanWhere(y, p, 1),
    meanScoreHuman: meanWhere(y, p, 0),
  };
}
