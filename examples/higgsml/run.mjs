// flowda on real input: the ATLAS HiggsML sample (../shared/data/higgsml, 4,999 signal and
// 4,999 background events).
//
// 1. Signal and background are merged and shuffled (seed 7) and split into two halves.
// 2. One half is the "simulation". The other becomes "data" through `flowda distort`:
//      PRI_tau_pt × 1.05          (a 5 % tau energy-scale shift)
//      PRI_lep_pt + 2 GeV         (a lepton momentum offset)
//      PRI_tau_eta + N(0, 0.05)   (a worse tau direction resolution)
//    Derived DER_* quantities are not recomputed from the distorted primaries.
// 3. Features: the 16 continuous columns defined for every event (no -999 sentinel). The jet
//    columns and DER_mass_MMC carry -999 and are left out; PRI_jet_num is discrete; and
//    DER_met_phi_centrality is bounded with 8 % of its events exactly at ±√2, point masses
//    that a density on the real line cannot model.
// 4. Energies, momenta and masses (heavy-tailed, positive) are read as ln(1 + x) (--log1p).
// 5. `flowda adapt` with label `Label` (s = 1, b = 0).
//
// usage: pnpm example:higgsml [-- --out DIR] [any further `flowda adapt` options]
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv, writeCsv } from '@flowda/io';
import { SeededRandom } from '@flowda/random';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const dataDir = resolve(root, '../shared/data/higgsml');
const cli = join(root, 'apps/cli/dist/main.js');

export const FEATURES = [
  'DER_mass_transverse_met_lep',
  'DER_mass_vis',
  'DER_pt_h',
  'DER_deltar_tau_lep',
  'DER_pt_tot',
  'DER_sum_pt',
  'DER_pt_ratio_lep_tau',
  'PRI_tau_pt',
  'PRI_tau_eta',
  'PRI_tau_phi',
  'PRI_lep_pt',
  'PRI_lep_eta',
  'PRI_lep_phi',
  'PRI_met',
  'PRI_met_phi',
  'PRI_met_sumet',
];

export const LOG1P = [
  'DER_mass_transverse_met_lep',
  'DER_mass_vis',
  'DER_pt_h',
  'DER_pt_tot',
  'DER_sum_pt',
  'DER_pt_ratio_lep_tau',
  'PRI_tau_pt',
  'PRI_lep_pt',
  'PRI_met',
  'PRI_met_sumet',
];

const args = process.argv.slice(2).filter((a) => a !== '--');
const outIndex = args.indexOf('--out');
const out = resolve(outIndex >= 0 ? args.splice(outIndex, 2)[1] : join(root, 'runs/higgsml'));
mkdirSync(out, { recursive: true });

const flowda = (...cliArgs) =>
  execFileSync(process.execPath, [cli, ...cliArgs], { stdio: 'inherit' });

// Merge, shuffle and halve.
const tables = await Promise.all(
  ['signal.csv', 'background.csv'].map((file) =>
    readCsv(join(dataDir, file), {
      columns: FEATURES,
      labelColumn: 'Label',
      labelValues: { s: 1, b: 0 },
    }),
  ),
);
const columns = [...FEATURES, 'Label'];
const rows = tables.flatMap((table) =>
  Array.from({ length: table.rows }, (_, r) => columns.map((c) => table.column(c)[r])),
);
const order = new SeededRandom(7).permutation(rows.length);
const shuffled = Array.from(order, (i) => rows[i]);
const half = Math.floor(rows.length / 2);
const write = (path, part) =>
  writeCsv(path, columns, {
    rows: part.length,
    cols: columns.length,
    data: Float64Array.from(part.flat()),
  });
const simulation = join(out, 'simulation.csv');
const ideal = join(out, 'data-undistorted.csv');
await write(simulation, shuffled.slice(0, half));
await write(ideal, shuffled.slice(half));
console.log(
  `split ${rows.length} HiggsML events into ${half} simulation and ${rows.length - half} data events`,
);

const scaled = join(out, 'data-scaled.csv');
const shifted = join(out, 'data-shifted.csv');
const data = join(out, 'data.csv');
flowda(
  'distort',
  '--input',
  ideal,
  '--columns',
  'PRI_tau_pt',
  '--scale',
  '1.05',
  '--seed',
  '11',
  '--out',
  scaled,
);
flowda(
  'distort',
  '--input',
  scaled,
  '--columns',
  'PRI_lep_pt',
  '--shift',
  '2',
  '--seed',
  '12',
  '--out',
  shifted,
);
flowda(
  'distort',
  '--input',
  shifted,
  '--columns',
  'PRI_tau_eta',
  '--smear',
  '0.05',
  '--seed',
  '13',
  '--out',
  data,
);

flowda(
  'adapt',
  '--sim',
  simulation,
  '--data',
  data,
  '--features',
  FEATURES.join(','),
  '--label',
  'Label',
  '--log1p',
  LOG1P.join(','),
  '--out',
  out,
  '--epochs',
  '30',
  '--patience',
  '4',
  ...args,
);
