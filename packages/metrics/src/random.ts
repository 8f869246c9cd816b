import { SeededRandom } from '@flowda/random';

/**
 * `count` distinct indices out of 0 … n−1, drawn without replacement by a partial Fisher–Yates
 * shuffle with the mulberry32 generator seeded by `seed`, and returned in increasing order.
 * Deterministic: the same (n, count, seed) always gives the same indices.
 */
export function subsampleIndices(n: number, count: number, seed: number): Uint32Array {
  const random = new SeededRandom(seed);

  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + random.integer(n - i);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order.slice(0, count).sort();
}
