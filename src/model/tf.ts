/**
 * TensorFlow.js, loaded with `require`. Its package is CommonJS: an ESM `import` of it first
 * scans the whole bundle, and every package it re-exports, for export names, a cost paid at
 * the start of every process and worker thread that loads a model (see docs/scaling.md).
 * Types come from `import type * as TF from '@tensorflow/tfjs'`.
 */
import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';

export const tf = createRequire(import.meta.url)('@tensorflow/tfjs') as typeof TF;
