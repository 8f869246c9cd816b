/**
 * TensorFlow.js backend selection.
 *
 * Tries, in order, `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node` (both optional peers,
 * loaded only if installed), then the bundled WebAssembly backend, then plain JavaScript `cpu`.
 * The choice can be forced with `backend`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import './gradients.js';
import { FlowdaError } from './errors.js';

export const BACKEND_NAMES = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendChoice {
  /** The backend now active. */
  name: BackendName;
  /** Why each earlier candidate was skipped. */
  skipped: { name: BackendName; reason: string }[];
}

let active: BackendChoice | null = null;

async function tryActivate(name: BackendName): Promise<void> {
  if (name === 'tfjs-node-gpu' || name === 'tfjs-node') {
    // Why a variable module name: bundlers must not try to resolve an optional native peer.
    const moduleName = `@tensorflow/${name}`;
    await import(/* @vite-ignore */ moduleName);
    if (!(await tf.setBackend('tensorflow'))) throw new Error('setBackend("tensorflow") failed');
    return;
  }
  if (!(await tf.setBackend(name))) throw new Error(`setBackend("${name}") failed`);
}

/**
 * Activates a backend and reports which one runs. Call once before building flows; later
 * calls with the same request return the first choice.
 *
 * @param preferred `'auto'` (default) or one of {@link BACKEND_NAMES}.
 */
export async function selectBackend(
  preferred: BackendName | 'auto' = 'auto',
): Promise<BackendChoice> {
  if (preferred !== 'auto' && !BACKEND_NAMES.includes(preferred)) {
    throw new FlowdaError(
      `backend must be one of auto, ${BACKEND_NAMES.join(', ')}; got ${JSON.stringify(preferred)}`,
    );
  }
  if (active && (preferred === 'auto' || preferred === active.name)) return active;

  const candidates: readonly BackendName[] = preferred === 'auto' ? BACKEND_NAMES : [preferred];
  const skipped: BackendChoice['skipped'] = [];
  for (const name of candidates) {
    try {
      await tryActivate(name);
      await tf.ready();
      active = { name, skipped };
      return active;
    } catch (error) {
      skipped.push({
        name,
        reason: error instanceof Error ? error.message.split('\n')[0] : String(error),
      });
    }
  }
  const reasons = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  throw new FlowdaError(`no TensorFlow.js backend could start (${reasons})`);
}

/** The backend chosen by {@link selectBackend}, or null before the first call. */
export function activeBackend(): BackendChoice | null {
  return active;
}
