/**
 * Picks the TensorFlow.js backend once per process: the native tfjs-node when a user's
 * machine has it (optional dependency, imported dynamically), else WebAssembly (the
 * `.wasm` files ship inside the npm package), else the pure-JS cpu backend.
 *
 * Nothing is printed on stdout: scores and JSON may be piped.
 */
import { tf } from './tf.js';
import { createRequire } from 'node:module';
import path from 'node:path';

let chosen: Promise<string> | undefined;

/** Resolves to the backend name in use ('tensorflow' | 'wasm' | 'cpu'). Idempotent. */
export function ensureBackend(preferred?: 'wasm' | 'cpu'): Promise<string> {
  chosen ??= pickBackend(preferred ?? backendFromEnv());
  return chosen;
}

function backendFromEnv(): 'wasm' | 'cpu' | undefined {
  const env = process.env.BOTSHARE_TF_BACKEND;
  return env === 'wasm' || env === 'cpu' ? env : undefined;
}

async function pickBackend(preferred: 'wasm' | 'cpu' | undefined): Promise<string> {
  // The cpu backend warns "install tfjs-node" on first use in Node; production mode
  // silences tfjs's warnings (and skips its debug checks).
  tf.env().set('PROD', true);
  if (preferred === undefined && (await tryNative())) return tf.getBackend();
  if (preferred !== 'cpu' && (await tryWasm())) return 'wasm';
  await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

async function tryNative(): Promise<boolean> {
  try {
    // A variable specifier keeps TypeScript from requiring the optional package's types.
    const name = '@tensorflow/tfjs-node';
    await import(name);
    return tf.getBackend() === 'tensorflow' || (await tf.setBackend('tensorflow'));
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(`${dir}${path.sep}`);
    const ok = await tf.setBackend('wasm');
    await tf.ready();
    return ok && tf.getBackend() === 'wasm';
  } catch {
    return false;
  }
}

/** The tfjs version that this build uses (recorded in model cards). */
export const TFJS_VERSION: string = tf.version.tfjs;
