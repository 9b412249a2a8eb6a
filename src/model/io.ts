/**
 * Filesystem save/load for tfjs layers models without tfjs-node: `model.json` (the
 * standard layers-model format: modelTopology + weightsManifest → `weights.bin`) and the
 * raw little-endian float32 `weights.bin`, exactly what tfjs-node's `file://` writes and
 * reads. Loading validates everything before tfjs sees it, so that a truncated, edited or
 * foreign file is refused with one sentence (UserError), not a stack trace.
 */
import type * as TF from '@tensorflow/tfjs';
import { tf } from './tf.js';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { ensureBackend } from './backend.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

export interface SavedFiles {
  /** sha256 of each file written, for the model card. */
  sha256: Record<string, string>;
  bytes: Record<string, number>;
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes `dir/model.json` and `dir/weights.bin` (the folder must exist). */
export async function saveLayersModel(net: TF.LayersModel, dir: string): Promise<SavedFiles> {
  let files: SavedFiles | undefined;
  await net.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
        throw new Error('tfjs gave no weights to save');
      }
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      const json = JSON.stringify(
        {
          format: 'layers-model',
          generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
          convertedBy: null,
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs }],
        },
        null,
        1,
      );
      await writeFile(path.join(dir, WEIGHTS_BIN), weights);
      await writeFile(path.join(dir, MODEL_JSON), json);
      files = {
        sha256: { [MODEL_JSON]: sha256(json), [WEIGHTS_BIN]: sha256(weights) },
        bytes: { [MODEL_JSON]: Buffer.byteLength(json), [WEIGHTS_BIN]: weights.byteLength },
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
  if (files === undefined) throw new Error('tfjs did not call the save handler');
  return files;
}

export interface LoadExpectations {
  /** Number of input columns the model must take. */
  inputs: number;
  /** sha256 per file as recorded in the card; a mismatch means the file was changed. */
  sha256?: Record<string, string>;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4 };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

async function readOrFail(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot read the model file (${code === 'ENOENT' ? 'missing' : String(code)})`);
  }
}

/** Input width declared by the topology's first layer (`batch_input_shape: [null, n]`). */
function declaredInputs(topology: Record<string, unknown>): number | undefined {
  const config = topology.config;
  if (!isRecord(config) || !Array.isArray(config.layers)) return undefined;
  for (const layer of config.layers) {
    if (!isRecord(layer) || !isRecord(layer.config)) continue;
    const shape = layer.config.batch_input_shape ?? layer.config.batchInputShape;
    if (Array.isArray(shape) && shape.length === 2 && typeof shape[1] === 'number') return shape[1];
  }
  return undefined;
}

/** Reads and validates `dir/model.json` + `dir/weights.bin`, then builds the tfjs model. */
export async function loadLayersModel(dir: string, expect: LoadExpectations): Promise<TF.LayersModel> {
  const jsonFile = path.join(dir, MODEL_JSON);
  const binFile = path.join(dir, WEIGHTS_BIN);
  const jsonBytes = await readOrFail(jsonFile);
  const weights = await readOrFail(binFile);
  const refuse = (file: string, why: string): never => {
    throw new UserError(`${file}: ${why}; refusing to load this model`);
  };
  if (expect.sha256 !== undefined) {
    if (expect.sha256[MODEL_JSON] !== undefined && sha256(jsonBytes) !== expect.sha256[MODEL_JSON]) {
      refuse(jsonFile, 'the file differs from the one the model card records (sha256 mismatch)');
    }
    if (expect.sha256[WEIGHTS_BIN] !== undefined && sha256(weights) !== expect.sha256[WEIGHTS_BIN]) {
      refuse(binFile, 'the file differs from the one the model card records (sha256 mismatch)');
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonBytes.toString('utf8'));
  } catch {
    return refuse(jsonFile, 'not valid JSON');
  }
  if (!isRecord(parsed) || !isRecord(parsed.modelTopology) || !Array.isArray(parsed.weightsManifest)) {
    return refuse(jsonFile, 'not a tfjs layers model (modelTopology or weightsManifest missing)');
  }
  const topology = parsed.modelTopology;
  const specs: TF.io.WeightsManifestEntry[] = [];
  for (const group of parsed.weightsManifest) {
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      return refuse(jsonFile, 'malformed weightsManifest');
    }
    if (group.paths.length !== 1 || String(group.paths[0]).replace(/^\.\//, '') !== WEIGHTS_BIN) {
      return refuse(jsonFile, `weightsManifest must point to ${WEIGHTS_BIN} only`);
    }
    for (const w of group.weights) {
      if (
        !isRecord(w) ||
        typeof w.name !== 'string' ||
        !Array.isArray(w.shape) ||
        !w.shape.every((d) => Number.isInteger(d) && (d as number) >= 0) ||
        typeof w.dtype !== 'string' ||
        DTYPE_BYTES[w.dtype] === undefined ||
        w.quantization !== undefined
      ) {
        return refuse(jsonFile, 'malformed weight entry in weightsManifest');
      }
      specs.push({ name: w.name, shape: w.shape as number[], dtype: w.dtype as 'float32' | 'int32' });
    }
  }
  const expectedBytes = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[s.dtype], 0);
  if (weights.byteLength !== expectedBytes) {
    refuse(binFile, `holds ${weights.byteLength} bytes, the manifest needs ${expectedBytes} (truncated or from another model)`);
  }
  const inputs = declaredInputs(topology);
  if (inputs !== expect.inputs) {
    refuse(jsonFile, `the model takes ${String(inputs)} inputs, the model card lists ${expect.inputs}`);
  }
  await ensureBackend();
  // A fresh ArrayBuffer holding exactly the weight bytes (a Buffer may share a larger pool).
  const weightData = new Uint8Array(weights).buffer as ArrayBuffer;
  try {
    return await tf.loadLayersModel({
      load: async (): Promise<TF.io.ModelArtifacts> => ({
        modelTopology: topology as TF.io.ModelArtifacts['modelTopology'],
        weightSpecs: specs,
        weightData,
        format: 'layers-model',
      }),
    });
  } catch (err) {
    return refuse(jsonFile, `tfjs cannot build it (${err instanceof Error ? err.message : String(err)})`);
  }
}
