/** Small generated data for model tests: a nonlinear rule plus label noise. */
import type { Matrix } from '../../src/model/matrix.js';
import { createRandom } from '../../src/util/random.js';

export function syntheticData(rows: number, cols: number, seed: number): { X: Matrix; y: Uint8Array; groups: string[] } {
  const rng = createRandom(seed);
  const data = new Float32Array(rows * cols);
  const y = new Uint8Array(rows);
  const groups: string[] = [];
  for (let i = 0; i < rows; i++) {
    let z = -0.3;
    for (let j = 0; j < cols; j++) {
      const v = rng.uniform() * 4 - 2;
      data[i * cols + j] = v;
      z += (j % 2 === 0 ? 0.8 : -0.4) * v;
    }
    z += data[i * cols] * data[i * cols + 1];
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    groups.push(`set${i % 3}`);
  }
  return { X: { rows, cols, data }, y, groups };
}
