import { defineConfig } from 'tsup';
import { packageConfig } from '../../tooling/tsup/package-config';

// The worker entry is loaded by path (`new URL('./parallel-worker.js', import.meta.url)`), so
// it must sit beside index.js in dist.
export default defineConfig(
  packageConfig({
    entry: { index: 'src/index.ts', 'parallel-worker': 'src/parallel/parallel-worker.ts' },
    dts: { entry: 'src/index.ts' },
  }),
);
