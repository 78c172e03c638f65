// dist/licenses.txt must name every package the bundle holds. The bundler writes it once per chunk
// of the bundle, each write replacing the last; it is complete because the entry chunk holds no
// package (src/index.ts imports none) and the other chunks share one list. A package imported by
// the entry would leave it incomplete: checked here against every package src imports.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/action-runner.js';

/** Packages a source file imports, statically or with `import()`; node's own modules aside. */
function importedPackages(text: string): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom |\bimport\()'([^'.][^']*)'/g)].map(
    (match) => match[1] ?? '',
  );
  return specifiers
    .filter((specifier) => !specifier.startsWith('node:'))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

describe('dist/licenses.txt', () => {
  it('names every package the source imports', () => {
    const src = path.join(repoRoot, 'src');
    const packages = new Set(
      readdirSync(src, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.ts'))
        .flatMap((name) => importedPackages(readFileSync(path.join(src, name), 'utf8'))),
    );
    const listed = new Set(readFileSync(path.join(repoRoot, 'dist', 'licenses.txt'), 'utf8').split('\n'));
    assert.ok(packages.has('@actions/core') && packages.has('@actions/cache'), [...packages].join(', '));
    assert.deepEqual(
      [...packages].filter((name) => !listed.has(name)),
      [],
    );
  });
});
