// The tree key: what a build reads changes it, what it does not read leaves it alone.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseStages } from '../../../src/build/stages.js';
import {
  baseReferences,
  contextFiles,
  treeKey,
  treeTag,
  type TreeInputs,
} from '../../../src/build/tree-key.js';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const DOCKERFILE = 'ARG BASE=busybox\nFROM ${BASE} AS deps\nCOPY deps.txt /\nFROM deps\nCOPY src/ /src/\n';

/** A context with a Dockerfile, code, docs and a .dockerignore that leaves the docs out. */
function context(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tree-key-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'src'));
  mkdirSync(path.join(dir, 'docs', 'keep'), { recursive: true });
  writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  writeFileSync(path.join(dir, 'deps.txt'), 'a 1\n');
  writeFileSync(path.join(dir, 'src', 'app.sh'), 'echo 1\n');
  writeFileSync(path.join(dir, 'docs', 'guide.md'), 'read me\n');
  writeFileSync(path.join(dir, 'docs', 'keep', 'LICENSE'), 'MIT\n');
  writeFileSync(path.join(dir, 'README.md'), 'hello\n');
  writeFileSync(path.join(dir, '.dockerignore'), '# docs are not built\ndocs/\n*.md\n!docs/keep/LICENSE\n');
  return dir;
}

function inputs(dir: string, extra: Partial<TreeInputs> = {}): TreeInputs {
  return { context: dir, file: path.join(dir, 'Dockerfile'), target: '', buildArgs: [], ...extra };
}

const keyOf = (settings: TreeInputs): Promise<string> =>
  treeKey(settings, parseStages(DOCKERFILE, settings.buildArgs, settings.target));

describe('contextFiles', () => {
  it('keeps what .dockerignore selects, with its exceptions, sorted', async () => {
    const dir = context();
    const rules = ['docs/', '*.md', '!docs/keep/LICENSE'];
    assert.deepEqual(await contextFiles(dir, rules), [
      '.dockerignore',
      'Dockerfile',
      'deps.txt',
      'docs/keep/LICENSE',
      'src/app.sh',
    ]);
    assert.deepEqual(await contextFiles(dir, ['**']), []);
  });
});

describe('treeKey', () => {
  it('is the same for the same tree, and changes with what the build reads', async () => {
    const dir = context();
    const key = await keyOf(inputs(dir));
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal(treeTag(key).length <= 128, true, 'a valid tag');
    assert.equal(await keyOf(inputs(dir)), key);

    // what the build does not read
    writeFileSync(path.join(dir, 'README.md'), 'hello again\n');
    writeFileSync(path.join(dir, 'docs', 'guide.md'), 'more\n');
    assert.equal(await keyOf(inputs(dir)), key, 'ignored files leave the key alone');

    const changes: [string, () => TreeInputs][] = [
      ['code', () => (writeFileSync(path.join(dir, 'src', 'app.sh'), 'echo 2\n'), inputs(dir))],
      [
        'a file .dockerignore brings back',
        () => (writeFileSync(path.join(dir, 'docs', 'keep', 'LICENSE'), 'BSD\n'), inputs(dir)),
      ],
      ['the executable bit', () => (chmodSync(path.join(dir, 'deps.txt'), 0o755), inputs(dir))],
      ['a new file', () => (writeFileSync(path.join(dir, 'src', 'more.sh'), ''), inputs(dir))],
      ['a link', () => (symlinkSync('app.sh', path.join(dir, 'src', 'link')), inputs(dir))],
      ['a build arg', () => inputs(dir, { buildArgs: [{ key: 'X', value: '1' }] })],
      ['the base (through its ARG)', () => inputs(dir, { buildArgs: [{ key: 'BASE', value: 'alpine' }] })],
      ['the target', () => inputs(dir, { target: 'deps' })],
      [
        'the Dockerfile',
        () => (writeFileSync(path.join(dir, 'Dockerfile'), `${DOCKERFILE}# more\n`), inputs(dir)),
      ],
    ];
    const seen = new Set([key]);
    for (const [what, change] of changes) {
      const next = await keyOf(change());
      assert.ok(!seen.has(next), `${what} changes the key`);
      seen.add(next);
    }
  });
});

describe('baseReferences', () => {
  it('names the images the target starts from, not the stages', () => {
    const parsed = parseStages(DOCKERFILE, [{ key: 'BASE', value: 'alpine:3' }], '');
    assert.deepEqual(baseReferences(parsed), ['alpine:3']);
  });
});
