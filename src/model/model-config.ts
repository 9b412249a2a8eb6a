/**
 * How a model is trained: the shipped configuration and its type. Its own module so that the
 * trainer and the card builder both read it without importing each other.
 */
import type { CalibrationMethod } from './calibration.js';
import { DEFAULT_LOGISTIC, type LogisticHyperParameters } from './logistic.js';
import { DEFAULT_MLP, type MlpHyperParameters } from './mlp.js';
import type { FeatureSet } from './training-data.js';
import type { WeightScheme } from './weights.js';

export interface ModelConfig {
  /**
   * The candidate family shipped when the nested family selection is off (a name from the
   * candidates, e.g. 'network' or 'logistic'); with it on, the procedure's pick ships.
   */
  classifier: string;
  mlp: MlpHyperParameters;
  logistic: LogisticHyperParameters;
  features: FeatureSet;
  weightScheme: WeightScheme;
  windowsPerAccount: number;
  /** Training accounts per data set × class, at most (seeded subsample; keeps training fast). */
  maxAccountsPerCell: number;
  calibration: CalibrationMethod;
  threshold: number;
  heldOutFraction: number;
  /** 'nested': backward elimination of feature families by inner LODO, inside every fold. */
  selection: 'nested' | 'none';
  /** Accounts per data set × class used by the selection's logistic fits. */
  selectionMaxAccountsPerCell: number;
  folds: number;
  /** Nested choice among model families (needs three sets with both classes); 'none' skips it. */
  familySelection: 'nested' | 'none';
  /** Accounts per data set × class for the nested family selection's fits (its budget). */
  familySelectionMaxAccountsPerCell: number;
}

/**
 * The shipped configuration. Account features only: with the timing features the network
 * matched the in-domain AUC and gained out of domain, but those features are learned from
 * one set's timeline sample (cresci-2017, ≤ 40 tweets a window) and on a hashtag corpus
 * whose bots post hundreds of tweets they scored the bots *below* the humans (see
 * docs/model-selection.md). Timing stays in the registry, in the report, and one flag away
 * (`train --features`).
 */
export const DEFAULT_CONFIG: ModelConfig = {
  classifier: 'network',
  mlp: { ...DEFAULT_MLP },
  logistic: { ...DEFAULT_LOGISTIC },
  features: 'account',
  weightScheme: 'dataset-balanced',
  windowsPerAccount: 4,
  maxAccountsPerCell: 4000,
  calibration: 'platt',
  threshold: 0.5,
  heldOutFraction: 0.2,
  selection: 'nested',
  selectionMaxAccountsPerCell: 2000,
  folds: 5,
  familySelection: 'nested',
  familySelectionMaxAccountsPerCell: 1000,
};
