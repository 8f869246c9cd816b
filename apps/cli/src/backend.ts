/** Starts the TensorFlow.js backend and says once which one runs. */
import { type BackendName, selectBackend } from '@flowda/core';

export async function startBackend(preferred: BackendName | 'auto'): Promise<void> {
  const choice = await selectBackend(preferred);
  const skipped = choice.skipped.map((s) => s.name).join(', ');
  process.stderr.write(`backend: ${choice.name}${skipped ? ` (not available: ${skipped})` : ''}\n`);
}
