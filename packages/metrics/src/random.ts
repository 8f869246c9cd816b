/**
 * `count` distinct indices out of 0 … n−1, drawn without replacement by a partial Fisher–Yates
 * shuffle with the mulberry32 generator seeded by `seed`, and returned in increasing order.
 * Deterministic: the same (n, count, seed) always gives the same indices.
 */
export function subsampleIndices(n: number, count: number, seed: number): Uint32Array {
  let state = Math.trunc(seed) >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(uniform() * (n - i));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order.slice(0, count).sort();
}
