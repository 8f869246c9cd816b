/**
 * Writes a whole file so that readers never see half of it: the data goes to a temporary file
 * beside `path`, which is then renamed over it. A failed write removes the temporary file and
 * leaves any earlier `path` untouched.
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { FlowdaError } from '@flowda/core';

export async function writeFileAtomically(
  path: string,
  data: Uint8Array | string,
  options: { description?: string } = {},
): Promise<void> {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new FlowdaError(`cannot write ${options.description ?? `"${path}"`}: ${reason}`);
  }
}
