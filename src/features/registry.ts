/**
 * The feature registry: each feature is defined once — name, meaning, formula, how it is
 * scaled — and training, scoring, explanations and the model card all read this list.
 *
 * Values are computed as plain numbers; a value that cannot be known (a field the format
 * does not carry, an account with a single tweet) is `NaN`, and the vectoriser turns it
 * into a missing indicator plus a neutral fill, never a fake value.
 */

export type FeatureGroup = 'account' | 'timing';

/** How a raw value is mapped before standardisation. */
export type FeatureScale = 'log1p' | 'linear';

export interface FeatureDef {
  /** snake_case, stable: it is written into model cards and explanations. */
  readonly name: string;
  readonly group: FeatureGroup;
  /** One sentence a researcher understands. */
  readonly meaning: string;
  /** The formula, in words and symbols, as shown in the model card. */
  readonly formula: string;
  readonly scale: FeatureScale;
}
