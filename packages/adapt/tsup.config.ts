import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker entry is loaded by path (`new URL('./parallel-worker.js', import.meta.url)`), so
  // it must sit beside index.js in dist.
  entry: { index: 'src/index.ts', 'parallel-worker': 'src/parallel/parallel-worker.ts' },
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
