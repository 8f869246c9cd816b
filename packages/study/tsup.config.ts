import { defineConfig } from 'tsup';
import { packageConfig } from '../../tooling/tsup/package-config';

export default defineConfig(packageConfig());
