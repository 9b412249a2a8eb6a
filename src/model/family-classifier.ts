/**
 * A model family as the nested selection defines it (a candidate: members whose probabilities
 * are averaged), made into one classifier that trains, predicts and ships as a single tfjs
 * layers model — so that `train` ships whatever the procedure picks, and the scorer loads it
 * without knowing which family it is.
 *
 * Packing: networks that differ only by seed become one network with `ensemble` members
 * (mlp.ts already averages members inside one graph); a logistic member becomes a one-unit
 * dense layer with its exact coefficients; a network and a logistic model are averaged in one
 * functional graph. Other mixes (e.g. members on different feature families) cannot share one
 * input and are refused when the candidate is resolved.
 */
import type * as TF from '@tensorflow/tfjs';
import { tf } from './tf.js';
import { UserError } from '../util/errors.js';
import type { Classifier, FitOptions } from './classifier.js';
import { LogisticRegression, type LogisticHyperParameters, type LogisticState } from './logistic.js';
import { toMatrix, type MatrixLike } from './matrix.js';
import { MlpClassifier, predictInChunks, type MlpHyperParameters } from './mlp.js';
import type { Candidate, MemberSpec } from './nested-selection.js';

/** How a candidate ships: at most one network (possibly a seed ensemble) and one logistic model. */
export interface ShippedFamily {
  name: string;
  description: string;
  /** 'mlp', 'logistic' or 'mlp+logistic': written into the card as the classifier's kind. */
  kind: string;
  mlp?: MlpHyperParameters;
  logistic?: LogisticHyperParameters;
  /** 'selected': the feature families chosen by the backward selection; 'all': every family. */
  families: 'selected' | 'all';
}

const sameMlp = (a: MemberSpec, b: MemberSpec): boolean => JSON.stringify(a.mlp ?? {}) === JSON.stringify(b.mlp ?? {});

/** Resolves a candidate into what ships, or says why it cannot ship as one model. */
export function shippedFamily(c: Candidate, base: { mlp: MlpHyperParameters; logistic: LogisticHyperParameters }): ShippedFamily {
  const refuse = (why: string): never => {
    throw new UserError(`candidate "${c.name}" cannot ship as one model: ${why}`);
  };
  if (c.members.length === 0) refuse('it has no members');
  const families = c.members[0].families;
  if (c.members.some((m) => m.families !== families)) refuse('its members use different feature families (they would need different inputs)');
  const nets = c.members.filter((m) => m.kind === 'mlp');
  const logistic = c.members.filter((m) => m.kind === 'logistic');
  if (logistic.length > 1) refuse('it averages several logistic models (they would be the same model)');
  if (nets.some((m) => !sameMlp(m, nets[0]))) refuse('its networks differ by more than their seed');
  const offsets = nets.map((m) => m.seedOffset ?? 0).sort((a, b) => a - b);
  if (offsets.some((o, k) => o !== k)) refuse('its networks must use seeds s, s+1, … (seed offsets 0, 1, …)');
  const kind = [nets.length > 0 ? 'mlp' : '', logistic.length > 0 ? 'logistic' : ''].filter((k) => k !== '').join('+');
  return {
    name: c.name,
    description: c.description,
    kind,
    ...(nets.length > 0 ? { mlp: { ...base.mlp, ...(nets[0].mlp ?? {}), ensemble: nets.length } } : {}),
    ...(logistic.length > 0 ? { logistic: { ...base.logistic } } : {}),
    families,
  };
}

/** The logistic model as a tfjs graph: one dense unit with its coefficients, sigmoid. */
export function logisticLayersModel(state: LogisticState, input?: TF.SymbolicTensor): { output: TF.SymbolicTensor; input: TF.SymbolicTensor } {
  const x = input ?? tf.input({ shape: [state.coef.length], name: 'features' });
  const layer = tf.layers.dense({ name: 'logistic', units: 1, activation: 'sigmoid', inputShape: [state.coef.length] });
  const output = layer.apply(x) as TF.SymbolicTensor;
  const weights = [tf.tensor2d(state.coef, [state.coef.length, 1]), tf.tensor1d([state.intercept])];
  layer.setWeights(weights);
  weights.forEach((w) => w.dispose());
  return { input: x, output };
}

export class FamilyClassifier implements Classifier {
  readonly kind: string;
  private readonly net: MlpClassifier | undefined;
  private readonly logistic: LogisticRegression | undefined;
  private packed: TF.LayersModel | undefined;

  constructor(readonly family: ShippedFamily) {
    this.kind = family.kind;
    this.net = family.mlp ? new MlpClassifier(family.mlp) : undefined;
    this.logistic = family.logistic ? new LogisticRegression(family.logistic) : undefined;
  }

  /** Epochs of each network member (empty for a logistic model). */
  get trainingLog(): MlpClassifier['trainingLog'] {
    return this.net?.trainingLog ?? [];
  }

  async fit(X: MatrixLike, y: Uint8Array, opts: FitOptions): Promise<void> {
    this.packed = undefined;
    if (this.net) await this.net.fit(X, y, opts);
    if (this.logistic) await this.logistic.fit(X, y, opts);
  }

  /** Predicts with the packed graph, so that the card's figures are those of the model that ships. */
  async predictProba(X: MatrixLike): Promise<Float32Array> {
    return predictInChunks(this.layersModel(), toMatrix(X));
  }

  /** The whole family as one tfjs layers model (what `train` saves). */
  layersModel(): TF.LayersModel {
    if (this.packed) return this.packed;
    if (this.net && !this.logistic) return (this.packed = this.net.layersModel);
    if (!this.logistic) throw new Error('FamilyClassifier: no members');
    const state = this.logistic.state();
    if (!this.net) {
      const { input, output } = logisticLayersModel(state);
      return (this.packed = tf.model({ inputs: input, outputs: output, name: 'botshare_logistic' }));
    }
    const net = this.net.layersModel;
    const input = tf.input({ shape: [state.coef.length], name: 'features' });
    const fromNet = net.apply(input) as TF.SymbolicTensor;
    const fromLogistic = logisticLayersModel(state, input).output;
    const output = tf.layers.average({ name: 'family_mean' }).apply([fromNet, fromLogistic]) as TF.SymbolicTensor;
    return (this.packed = tf.model({ inputs: input, outputs: output, name: 'botshare_family' }));
  }

  hyperParameters(): Record<string, unknown> {
    return {
      family: this.family.name,
      ...(this.net ? { mlp: this.net.hyperParameters() } : {}),
      ...(this.logistic ? { logistic: this.logistic.hyperParameters(), coefficients: this.logistic.state() } : {}),
    };
  }

  dispose(): void {
    const packed = this.packed;
    this.packed = undefined;
    if (packed !== undefined && packed !== this.net?.layersModel) {
      packed.dispose();
      // A packed network+logistic graph holds the network as a layer: disposed with it.
      if (this.net !== undefined) return;
    }
    this.net?.dispose();
  }
}

/** Any loaded tfjs layers model with one input and a probability output (the scorer's view). */
export class LayersClassifier implements Classifier {
  constructor(
    readonly kind: string,
    private readonly net: TF.LayersModel,
  ) {}

  async fit(): Promise<void> {
    throw new Error('LayersClassifier: a loaded model is not refitted; train a new one');
  }

  async predictProba(X: MatrixLike): Promise<Float32Array> {
    return predictInChunks(this.net, toMatrix(X));
  }

  hyperParameters(): Record<string, unknown> {
    return {};
  }

  dispose(): void {
    this.net.dispose();
  }
}
