import { defineConfig } from 'tsup';
import { packageConfig } from '../../tooling/tsup/package-config';

// Two entries: `index` for Node (onnxruntime-node), `browser` for bundlers (onnxruntime-web).
export default defineConfig(packageConfig({ entry: ['src/index.ts', 'src/browser.ts'] }));
