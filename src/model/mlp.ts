/**
 * The network: a small multilayer perceptron in TensorFlow.js (inputs → 32 → 16 → 1 by
 * default), trained with Adam on a class-weighted cross-entropy plus an L2 penalty, with
 * early stopping on a seeded, stratified validation split. Several members with different
 * seeds can be averaged (an ensemble); they are packed into one tfjs layers model, so the
 * saved `model.json` is a single ordinary Keras-style graph.
 *
 * Everything random is seeded: weight initialisation (tf.initializers with a seed), the
 * validation split and the shuffles (botshare's PRNG). The training loop is written here
 * rather than with `model.fit`, because `fit` shuffles with Math.random and has no
 * per-row weights in tfjs.
 */
import type * as TF from '@tensorflow/tfjs';
import { tf } from './tf.js';
import type { Classifier, FitOptions } from './classifier.js';
import { toMatrix, takeRows, takeValues, type Matrix, type MatrixLike } from './matrix.js';
import { indicesWhere, stratifiedHoldout } from './split.js';
import { createRandom } from '../util/random.js';
import { ensureBackend } from './backend.js';

export interface MlpHyperParameters {
  hidden: number[];
  activation: 'relu' | 'tanh' | 'elu';
  /** L2 penalty on the kernels, added to the mean weighted cross-entropy. */
  l2: number;
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  /** Epochs without improvement of the validation loss before stopping. */
  patience: number;
  validationFraction: number;
  /** Members trained with seeds seed, seed+1, … and averaged. */
  ensemble: number;
  /** Standard deviation of Gaussian noise added to the inputs while training (0 = none). */
  inputNoise: number;
  /** Adds a linear term from the inputs to each member's logit (wide and deep). */
  linearSkip: boolean;
}

export const DEFAULT_MLP: MlpHyperParameters = {
  hidden: [32, 16],
  activation: 'relu',
  l2: 1e-3,
  learningRate: 3e-3,
  batchSize: 256,
  maxEpochs: 60,
  patience: 6,
  validationFraction: 0.15,
  ensemble: 1,
  inputNoise: 0,
  linearSkip: false,
};

/** Rows per call to `predict`: wasm is slow with small batches on large tensors. */
export const PREDICT_CHUNK = 16_384;

/**
 * One member's logit: a dense stack on the shared input, plus (with `linearSkip`) a linear
 * term straight from the inputs — a "wide and deep" member that starts close to logistic
 * regression and adds only what the hidden layers earn against the L2 penalty.
 */
function memberLogit(input: TF.SymbolicTensor, p: MlpHyperParameters, seed: number, index: number): TF.SymbolicTensor {
  let h: TF.SymbolicTensor = input;
  p.hidden.forEach((units, layer) => {
    h = tf.layers
      .dense({
        name: `m${index}_dense_${layer}`,
        units,
        activation: p.activation,
        kernelInitializer:
          p.activation === 'relu'
            ? tf.initializers.heNormal({ seed: seed * 101 + layer })
            : tf.initializers.glorotUniform({ seed: seed * 101 + layer }),
        biasInitializer: 'zeros',
      })
      .apply(h) as TF.SymbolicTensor;
  });
  const deep = tf.layers
    .dense({
      name: `m${index}_out`,
      units: 1,
      activation: 'linear',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 101 + 99 }),
      biasInitializer: 'zeros',
    })
    .apply(h) as TF.SymbolicTensor;
  if (!p.linearSkip || p.hidden.length === 0) return deep;
  const wide = tf.layers
    .dense({ name: `m${index}_linear`, units: 1, useBias: false, kernelInitializer: 'zeros' })
    .apply(input) as TF.SymbolicTensor;
  return tf.layers.add({ name: `m${index}_logit` }).apply([deep, wide]) as TF.SymbolicTensor;
}

function weightedLoss(logits: TF.Tensor, y: TF.Tensor, w: TF.Tensor): TF.Scalar {
  // Stable binary cross-entropy on logits: max(z,0) − z·y + log(1 + e^{−|z|}).
  const z = logits.reshape([-1]);
  const bce = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
  return tf.div(tf.sum(tf.mul(bce, w)), tf.sum(w)) as TF.Scalar;
}

export class MlpClassifier implements Classifier {
  readonly kind = 'mlp';
  readonly params: MlpHyperParameters;
  private net: TF.LayersModel | undefined;
  /** Epochs each member trained before early stopping picked its best weights. */
  readonly trainingLog: { member: number; bestEpoch: number; epochs: number; bestValidationLoss: number }[] = [];

  constructor(params: Partial<MlpHyperParameters> = {}) {
    this.params = { ...DEFAULT_MLP, ...params };
  }

  get layersModel(): TF.LayersModel {
    if (this.net === undefined) throw new Error('MlpClassifier: not fitted');
    return this.net;
  }

  async fit(X: MatrixLike, y: Uint8Array, opts: FitOptions): Promise<void> {
    await ensureBackend();
    const m = toMatrix(X);
    if (y.length !== m.rows) throw new Error(`labels (${y.length}) and rows (${m.rows}) differ`);
    const weights = opts.sampleWeight ?? new Float32Array(m.rows).fill(1);
    this.trainingLog.length = 0;
    // Members share the input; each is trained through its own logit model, and the
    // shipped graph averages their sigmoids. Layers are shared, so no weights are copied.
    const input = tf.input({ shape: [m.cols], name: 'features' });
    const probabilities: TF.SymbolicTensor[] = [];
    for (let k = 0; k < this.params.ensemble; k++) {
      const seed = opts.seed + k;
      const logit = memberLogit(input, this.params, seed, k);
      const member = tf.model({ inputs: input, outputs: logit, name: `member_${k}` });
      await this.fitMember(member, m, y, weights, opts, seed, k);
      probabilities.push(tf.layers.activation({ name: `m${k}_probability`, activation: 'sigmoid' }).apply(logit) as TF.SymbolicTensor);
    }
    const output =
      probabilities.length === 1
        ? probabilities[0]
        : (tf.layers.average({ name: 'ensemble_mean' }).apply(probabilities) as TF.SymbolicTensor);
    this.net?.dispose();
    this.net = tf.model({ inputs: input, outputs: output, name: 'botshare_mlp' });
  }

  private async fitMember(
    member: TF.LayersModel,
    m: Matrix,
    y: Uint8Array,
    weights: Float32Array,
    opts: FitOptions,
    seed: number,
    index: number,
  ): Promise<void> {
    const p = this.params;
    const rng = createRandom(seed);
    const validation = p.validationFraction > 0 ? stratifiedHoldout(y, p.validationFraction, rng.int(2 ** 31), opts.groups) : new Uint8Array(m.rows);
    const trainIdx = Array.from(indicesWhere(validation, 0));
    const validIdx = indicesWhere(validation, 1);
    const optimizer = tf.train.adam(p.learningRate);
    const vars = member.trainableWeights.map((w) => w.read() as TF.Variable);
    const kernelVars = member.trainableWeights.filter((w) => w.name.includes('kernel')).map((w) => w.read() as TF.Variable);

    const xv = validIdx.length > 0 ? tf.tensor2d(takeRows(m, validIdx).data, [validIdx.length, m.cols]) : undefined;
    const yv = validIdx.length > 0 ? tf.tensor1d(takeValues(Float32Array.from(y), validIdx)) : undefined;
    const wv = validIdx.length > 0 ? tf.tensor1d(takeValues(weights, validIdx)) : undefined;
    const yf = Float32Array.from(y);

    let best = Infinity;
    let bestEpoch = -1;
    let bestWeights: TF.Tensor[] | undefined;
    let epoch = 0;
    for (; epoch < p.maxEpochs; epoch++) {
      rng.shuffle(trainIdx);
      for (let start = 0; start < trainIdx.length; start += p.batchSize) {
        const batch = trainIdx.slice(start, start + p.batchSize);
        const xb = takeRows(m, batch).data;
        if (p.inputNoise > 0) {
          for (let i = 0; i < xb.length; i++) xb[i] += p.inputNoise * gaussian(rng);
        }
        tf.tidy(() => {
          const xt = tf.tensor2d(xb, [batch.length, m.cols]);
          const yt = tf.tensor1d(takeValues(yf, batch));
          const wt = tf.tensor1d(takeValues(weights, batch));
          optimizer.minimize(
            () => {
              const logits = member.apply(xt, { training: true }) as TF.Tensor;
              let loss = weightedLoss(logits, yt, wt);
              if (p.l2 > 0) {
                for (const k of kernelVars) loss = tf.add(loss, tf.mul(p.l2, tf.sum(tf.square(k)))) as TF.Scalar;
              }
              return loss;
            },
            false,
            vars,
          );
        });
      }
      if (xv === undefined || yv === undefined || wv === undefined) continue;
      const lossTensor = tf.tidy(() => weightedLoss(member.predict(xv, { batchSize: Math.max(1, validIdx.length) }) as TF.Tensor, yv, wv));
      const loss = (await lossTensor.data())[0];
      lossTensor.dispose();
      opts.onProgress?.(`member ${index + 1}/${p.ensemble}: epoch ${epoch + 1}, validation loss ${loss.toFixed(4)}`);
      if (loss < best - 1e-5) {
        best = loss;
        bestEpoch = epoch;
        bestWeights?.forEach((t) => t.dispose());
        bestWeights = member.getWeights().map((t) => t.clone());
      } else if (epoch - bestEpoch >= p.patience) {
        epoch++;
        break;
      }
    }
    if (bestWeights !== undefined) {
      member.setWeights(bestWeights);
      bestWeights.forEach((t) => t.dispose());
    }
    xv?.dispose();
    yv?.dispose();
    wv?.dispose();
    optimizer.dispose();
    this.trainingLog.push({ member: index, bestEpoch: bestEpoch + 1, epochs: epoch, bestValidationLoss: best });
  }

  async predictProba(X: MatrixLike): Promise<Float32Array> {
    const net = this.layersModel;
    const m = toMatrix(X);
    return predictInChunks(net, m);
  }

  hyperParameters(): Record<string, unknown> {
    return { ...this.params, hidden: [...this.params.hidden] };
  }

  dispose(): void {
    this.net?.dispose();
    this.net = undefined;
  }
}

/** Predicts `m` in chunks of PREDICT_CHUNK rows, each chunk as one batch (see NOTES-node). */
export async function predictInChunks(net: TF.LayersModel, m: Matrix): Promise<Float32Array> {
  await ensureBackend();
  const out = new Float32Array(m.rows);
  for (let start = 0; start < m.rows; start += PREDICT_CHUNK) {
    const rows = Math.min(PREDICT_CHUNK, m.rows - start);
    const chunk = m.data.subarray(start * m.cols, (start + rows) * m.cols);
    const result = tf.tidy(() => {
      const x = tf.tensor2d(chunk, [rows, m.cols]);
      return (net.predict(x, { batchSize: rows }) as TF.Tensor).reshape([-1]);
    });
    out.set(await result.data(), start);
    result.dispose();
  }
  return out;
}

function gaussian(rng: { uniform(): number }): number {
  const u = 1 - rng.uniform();
  const v = rng.uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
