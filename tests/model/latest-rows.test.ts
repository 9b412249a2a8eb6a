import { describe, expect, it } from 'vitest';
import { LatestRows } from '../../src/model/latest-rows.js';

describe('LatestRows', () => {
  it('breaks a tie in time by the greater row, whatever the order of the offers', () => {
    const offers: [number, number[]][] = [[10, [1, 2, 3]], [10, [1, 5, 0]], [10, [1, Number.NaN, 9]], [8, [7, 7, 7]]];
    for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]]) {
      const rows = new LatestRows(3);
      for (const i of order) rows.offer('a', offers[i][0], offers[i][1]);
      expect([...(rows.get('a') ?? [])]).toEqual([1, 5, 0]);
    }
  });

  it("keeps each account's row at its latest tweet (ties: the greater row), as float32", () => {
    const rows = new LatestRows(3);
    rows.offer('a', 10, [1, 2, 3]);
    rows.offer('b', 5, [0.1, 0.2, 0.3]);
    rows.offer('a', 9, [9, 9, 9]); // earlier tweet: ignored
    rows.offer('a', 10, [4, 5, 6]); // same time, a greater row: kept
    rows.offer('a', 10, [0, 9, 9]); // same time, a smaller row: ignored
    expect(rows.size).toBe(2);
    expect([...(rows.get('a') ?? [])]).toEqual([4, 5, 6]);
    expect([...(rows.get('b') ?? [])]).toEqual([...Float32Array.from([0.1, 0.2, 0.3])]);
    expect(rows.get('c')).toBeUndefined();
  });

  it('grows past its first block and forgets everything on clear', () => {
    const rows = new LatestRows(2);
    for (let i = 0; i < 5000; i++) rows.offer(`u${i}`, i, [i, -i]);
    expect(rows.size).toBe(5000);
    expect([...(rows.get('u4321') ?? [])]).toEqual([4321, -4321]);
    expect([...(rows.get('u0') ?? [])]).toEqual([0, -0]);
    rows.clear();
    expect(rows.get('u4321')).toBeUndefined();
    rows.offer('x', 1, [7, 8]);
    expect([...(rows.get('x') ?? [])]).toEqual([7, 8]);
  });

  it('refuses a row of the wrong width', () => {
    expect(() => new LatestRows(2).offer('a', 1, [1, 2, 3])).toThrow(RangeError);
  });
});
