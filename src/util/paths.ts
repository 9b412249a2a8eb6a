/**
 * Where botshare's own files are, wherever it is installed: the activity model and the
 * shipped model inside the package, the public labeled sets beside the project
 * (`../shared/datasets/labeled` from the project root). The CLI passes these to library
 * code as arguments; library code never guesses paths.
 */
import { fileURLToPath } from 'node:url';

const fromPackageRoot = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

export const DEFAULT_ACTIVITY_MODEL = fromPackageRoot('datasets/activity-model.json');
export const DEFAULT_MODEL_DIR = fromPackageRoot('models/default');
export const DEFAULT_LABELED_DIR = fromPackageRoot('../shared/datasets/labeled');

/** The reconstruction shipped with the package, for machines without the labeled sets. */
export const BUNDLED_RECONSTRUCTION = {
  corpus: fromPackageRoot('datasets/reconstruction/corpus.jsonl.gz'),
  truth: fromPackageRoot('datasets/reconstruction/truth.json'),
};

/** The evidence behind the default estimators, written by the evaluation harness. */
export const DEFAULT_ESTIMATOR_EVIDENCE = fromPackageRoot('datasets/evidence/estimators.json');
