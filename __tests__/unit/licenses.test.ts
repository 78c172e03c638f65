// dist/licenses.txt must name every package the bundle holds. The bundler writes it once per chunk
// of the bundle, each write replacing the last; it is complete because the entry chunk holds no
// package (src/index.ts imports none) and the other chunks share one list. A package imported by
// the entry would leave it incomplete: checked here against every package src imports. The CLI's
// bundle (src/cli/index.ts, which imports no package either) has a list of its own.
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

/** Every package the files of src/ (those `only` keeps) import. */
function sourcePackages(only: (file: string) => boolean): Set<string> {
  const src = path.join(repoRoot, 'src');
  return new Set(
    readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts') && only(name))
      .flatMap((name) => importedPackages(readFileSync(path.join(src, name), 'utf8'))),
  );
}

function unlisted(packages: Set<string>, licenses: string): string[] {
  const listed = new Set(readFileSync(path.join(repoRoot, licenses), 'utf8').split('\n'));
  return [...packages].filter((name) => !listed.has(name));
}

describe('dist/licenses.txt', () => {
  it("names every package the action's source imports", () => {
    const packages = sourcePackages((file) => !file.startsWith(`cli${path.sep}`));
    assert.ok(packages.has('@actions/core') && packages.has('@actions/cache'), [...packages].join(', '));
    assert.deepEqual(unlisted(packages, 'dist/licenses.txt'), []);
  });

  it("and the CLI's, which runs the action's steps too, in dist/cli", () => {
    const packages = sourcePackages(() => true);
    assert.ok(packages.has('yaml'), [...packages].join(', '));
    assert.deepEqual(unlisted(packages, 'dist/cli/licenses.txt'), []);
  });
});
