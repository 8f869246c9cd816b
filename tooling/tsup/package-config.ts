/**
 * The one tsup configuration every flowda package builds with: ESM, type declarations, source
 * maps, ES2022. A package passes its entry points and anything it does differently.
 */
import type { Options } from 'tsup';

export function packageConfig(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    ...overrides,
  };
}
