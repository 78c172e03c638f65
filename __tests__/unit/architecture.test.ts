// The shape of src/ that the README's "How the code is laid out" describes, checked on the files
// themselves: one folder per domain, small files, imports that go down and never round in a cycle.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/action-runner.js';

const src = path.join(repoRoot, 'src');
const FOLDERS = ['core', 'detect', 'install', 'daemon', 'build', 'registry', 'test-run', 'cli'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') ? [path.relative(src, full)] : [];
  });
}

/** Every module a file imports (type-only imports included), as paths relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(src, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? '');
  return specifiers.map((spec) => path.join(path.dirname(file), spec).replace(/\.js$/, '.ts'));
}

const files = sources(src);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const folderOf = (file: string): string => (file.includes('/') ? (file.split('/')[0] ?? '') : '');

describe('the layout of src/', () => {
  it('has at most 8 files at the top, the entry points and orchestrators', () => {
    const top = files.filter((file) => !file.includes('/'));
    assert.ok(top.length <= 8, top.join(', '));
  });

  it('has one folder per domain, none over 12 files', () => {
    const folders = readdirSync(src).filter((name) => statSync(path.join(src, name)).isDirectory());
    assert.deepEqual(folders.sort(), [...FOLDERS].sort());
    for (const folder of folders) {
      const count = readdirSync(path.join(src, folder)).length;
      assert.ok(count <= 12, `${folder} has ${count} files`);
    }
  });

  it('has no file over 400 lines', () => {
    for (const file of files) {
      const lines = readFileSync(path.join(src, file), 'utf8').split('\n').length;
      assert.ok(lines <= 400, `${file} has ${lines} lines`);
    }
  });

  it('names no file the way node --test finds tests', () => {
    const testLike = /(^|\/)(test|test-[^/]*|[^/]*[.-_]test)\.ts$/;
    assert.deepEqual(
      files.filter((file) => testLike.test(file)),
      [],
    );
  });

  it('resolves every relative import to a file of src/', () => {
    for (const [file, imports] of graph)
      for (const target of imports)
        assert.ok(graph.has(target), `${file} imports ${target}, not a file of src/`);
  });

  // Which folders each folder may import from: the folder itself, `core/`, and the phases whose results
  // (types, or a public call such as a push) it takes; '' is the top level, which only the CLI uses.
  const ALLOWED: Record<string, string[]> = {
    core: [],
    detect: ['core'],
    daemon: ['core'],
    install: ['core', 'daemon'],
    registry: ['core', 'detect'],
    build: ['core', 'detect', 'registry'],
    'test-run': ['core'],
    cli: ['core', ''],
  };

  it('has imports that go down: each folder imports only the folders it is allowed', () => {
    for (const [file, imports] of graph) {
      const folder = folderOf(file);
      if (folder === '') continue;
      for (const target of imports) {
        const to = folderOf(target);
        if (to !== folder) assert.ok(ALLOWED[folder]?.includes(to), `${file} imports ${target}`);
      }
    }
  });

  it('has no import cycle, type imports included', () => {
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      assert.notEqual(state.get(file), 'open', `cycle: ${[...trail, file].join(' -> ')}`);
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
  });
});
