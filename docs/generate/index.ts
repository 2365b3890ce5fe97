/**
 * Writes docs/openapi.json and docs/reference/*.md from the SDK registry.
 * Run: `npm run docs:generate` (root) or `npm run generate -w @pivotal-pm/docs`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generatedFiles } from './files';

const docsDir = resolve(import.meta.dirname, '..');
for (const [path, content] of generatedFiles()) {
  const target = join(docsDir, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote docs/${path}`);
}
