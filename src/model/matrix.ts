/**
 * A dense row-major matrix of float32 features: the one shape that classifiers take.
 * Rows of `Float32Array` are accepted at the edges and packed once.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major, length rows × cols. */
  readonly data: Float32Array;
}

export type MatrixLike = Matrix | readonly ArrayLike<number>[];

export function isMatrix(x: MatrixLike): x is Matrix {
  return !Array.isArray(x) && typeof (x as Matrix).rows === 'number';
}

/** Packs rows into a Matrix (copying); a Matrix is returned as is. */
export function toMatrix(x: MatrixLike, cols?: number): Matrix {
  if (isMatrix(x)) return x;
  const rows = x.length;
  const width = cols ?? (rows > 0 ? x[0].length : 0);
  const data = new Float32Array(rows * width);
  for (let i = 0; i < rows; i++) {
    const row = x[i];
    if (row.length !== width) {
      throw new Error(`row ${i} has ${row.length} values, expected ${width}`);
    }
    for (let j = 0; j < width; j++) data[i * width + j] = row[j];
  }
  return { rows, cols: width, data };
}

/** The rows at `indices`, in that order. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const data = new Float32Array(indices.length * m.cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return { rows: indices.length, cols: m.cols, data };
}

/** Keeps only the columns at `columns`, in that order (for ablations). */
export function takeColumns(m: Matrix, columns: readonly number[]): Matrix {
  const data = new Float32Array(m.rows * columns.length);
  for (let i = 0; i < m.rows; i++) {
    for (let k = 0; k < columns.length; k++) data[i * columns.length + k] = m.data[i * m.cols + columns[k]];
  }
  return { rows: m.rows, cols: columns.length, data };
}

/** Elements of a typed or plain array at `indices`. */
export function takeValues<T extends Float32Array | Uint8Array | Float64Array>(
  values: T,
  indices: ArrayLike<number>,
): T {
  const out = new (values.constructor as new (n: number) => T)(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = values[indices[k]];
  return out;
}
