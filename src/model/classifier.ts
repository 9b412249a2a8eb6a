/**
 * One contract for every model (scikit-learn's estimator verbs): evaluation, calibration
 * and the model card never care whether they hold the tfjs network or the baseline.
 */
import type { Matrix, MatrixLike } from './matrix.js';

export interface FitOptions {
  /** Seeds every random choice of the fit (initialisation, shuffles, validation split). */
  seed: number;
  /** Per-row weights (e.g. class weights balanced per data set); default 1. */
  sampleWeight?: Float32Array;
  /**
   * Groups for the early-stopping validation split (e.g. data set names): the split is
   * stratified by group × label so that every group is seen on both sides.
   */
  groups?: readonly string[];
  /** Called after each epoch or iteration; for progress display only. */
  onProgress?: (message: string) => void;
}

export interface Classifier {
  /** 'mlp' | 'logistic' | … — written into the model card. */
  readonly kind: string;
  fit(X: MatrixLike, y: Uint8Array, opts: FitOptions): Promise<void>;
  /** P(bot) for each row (uncalibrated). */
  predictProba(X: MatrixLike): Promise<Float32Array>;
  /** Hyper-parameters as plain JSON, for the model card. */
  hyperParameters(): Record<string, unknown>;
  /** Frees native memory (tfjs tensors); the classifier is unusable afterwards. */
  dispose(): void;
}

/** Makes a fresh, unfitted classifier: how cross-validation gets one per fold. */
export type ClassifierFactory = () => Classifier;

export type { Matrix, MatrixLike };
