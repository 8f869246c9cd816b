const P = 2603712, N = 2;
const g = new Float32Array(new SharedArrayBuffer(P * 4 * N)); for (let i = 0; i < g.length; i++) g[i] = Math.random() - 0.5;
const w = new Float32Array(new SharedArrayBuffer(P * 4)); const m = new Float32Array(P), v = new Float32Array(P);
const region = g.subarray(0, P);
const from = 0, to = P >> 1;
function reduceGeneric(rows) { let sq = 0; for (let i = from; i < to; i++) { let s = 0; for (let k = 0, at = i; k < N; k++, at += P) s += g[at]; const mean = s / rows; region[i] = mean; sq += mean * mean; } return sq; }
function reducePasses(rows) { const inv = 1 / rows; for (let k = 1; k < N; k++) { const other = g.subarray(k * P, (k + 1) * P); for (let i = from; i < to; i++) region[i] += other[i]; } let sq = 0; for (let i = from; i < to; i++) { const mean = region[i] / rows; region[i] = mean; sq += mean * mean; } return sq; }
let b1p = 0.9, b2p = 0.999;
function adamA(scale) { const c1 = 1 - b1p, c2 = 1 - b2p; for (let i = from, k = 0; i < to; i++, k++) { const gi = region[i] * scale; const f = 0.9 * m[k] + (1 - 0.9) * gi; const s = 0.999 * v[k] + (1 - 0.999) * gi * gi; m[k] = f; v[k] = s; w[i] -= (1e-3 * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + 1e-7); } }
function adamB(scale) { const c1 = 1 / (1 - b1p), c2 = 1 / (1 - b2p); const lr = 1e-3; for (let i = from, k = 0; i < to; i++, k++) { const gi = region[i] * scale; const f = 0.9 * m[k] + 0.1 * gi; const s = 0.999 * v[k] + 0.001 * gi * gi; m[k] = f; v[k] = s; w[i] -= (lr * f * c1) / (Math.sqrt(s * c2) + 1e-7); } }
const time = (name, fn) => { for (let r = 0; r < 3; r++) fn(); const t = performance.now(); for (let r = 0; r < 10; r++) fn(); console.log(name.padEnd(16), ((performance.now() - t) / 10).toFixed(2), 'ms'); };
time('reduceGeneric', () => reduceGeneric(100));
time('reducePasses', () => reducePasses(100));
time('adamA', () => adamA(1));
time('adamB', () => adamB(1));
