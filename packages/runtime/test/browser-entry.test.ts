import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const sourceDirectory = join(dirname(fileURLToPath(import.meta.url)), '../src');

/** Module specifiers of every import, dynamic import and re-export in `file`, types left out. */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const dynamic = [...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((match) => match[1]);
  const pattern = /^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm;
  return [...text.matchAll(pattern)].map((match) => match[1] ?? match[2]).concat(dynamic);
}

/** Every module the browser entry reaches, following relative imports through src/. */
async function reachableImports(entry: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const external = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of await importsOf(file)) {
      if (specifier.startsWith('.'))
        queue.push(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else external.add(specifier);
    }
  }
  return external;
}

test('the browser entry reaches no Node module and no onnxruntime-node', async () => {
  const external = await reachableImports(join(sourceDirectory, 'browser.ts'));
  expect([...external]).toEqual(['onnxruntime-web']);
});

test('the Node entry uses onnxruntime-node (the walk sees through re-exports)', async () => {
  const external = await reachableImports(join(sourceDirectory, 'index.ts'));
  expect(external).toContain('onnxruntime-node');
  expect(external).toContain('node:fs/promises');
  expect(external).not.toContain('onnxruntime-web');
});
