// Stages built apart: the waves (a stage after every stage it needs) and when berth builds that way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stageCaches } from '../../../src/build/cache-plan.js';
import { parseStages } from '../../../src/build/stages.js';
import { buildsApart, literal, planBake, stageWaves } from '../../../src/build/waves.js';
import type { RunContext } from '../../../src/detect/run-context.js';

const TEN = [
  'FROM busybox AS deps',
  ...[1, 2, 3].map((n) => `FROM busybox AS lib${n}\nCOPY --from=deps /d /d`),
  'FROM busybox AS build',
  'COPY --from=lib1 /a /a',
  'COPY --from=lib2 /a /b',
  'COPY --from=lib3 /a /c',
  'FROM build AS check',
  'FROM busybox',
  'COPY --from=deps /d /d',
  'COPY --from=check /a /a',
].join('\n');

const context = { branch: 'main', defaultBranch: 'main' } as RunContext;
const home = { repository: { registry: 'r.test', path: 'app', name: 'r.test/app' }, key: '' };
const buildx = { name: 'default', driver: 'docker' };

describe('stageWaves', () => {
  it('puts each stage after every stage it needs; stages of one wave need none of each other', () => {
    const parsed = parseStages(TEN, [], '');
    assert.deepEqual(stageWaves(parsed, [0, 1, 2, 3, 4, 5]), [[0], [1, 2, 3], [4], [5]]);
  });
  it('places only the stages given, and a stage that needs none of them first', () => {
    const parsed = parseStages(TEN, [], '');
    assert.deepEqual(stageWaves(parsed, [1, 4]), [[1], [4]]);
    assert.deepEqual(stageWaves(parsed, []), []);
  });
  it('follows FROM <stage> and RUN --mount=from= as well as COPY --from', () => {
    const text = [
      'FROM busybox AS a',
      'FROM a AS b',
      'FROM busybox AS c',
      'RUN --mount=type=bind,from=b,target=/b true',
      'FROM busybox',
    ].join('\n');
    assert.deepEqual(stageWaves(parseStages(text, [], ''), [0, 1, 2]), [[0], [1], [2]]);
  });
});

describe('buildsApart', () => {
  const caches = (text: string) => stageCaches(home, context, parseStages(text, [], ''), 'buildkit');
  it('on buildx docker driver BuildKit (inline caches only), with named stages before the last', () => {
    assert.equal(buildsApart({ kind: 'buildkit', buildx }, caches(TEN), false), true);
  });
  it('not for other builders, without buildx, with --no-cache, or for one stage', () => {
    assert.equal(buildsApart({ kind: 'buildx', buildx }, caches(TEN), false), false);
    assert.equal(buildsApart({ kind: 'legacy', buildx: null }, caches(TEN), false), false);
    // the BuildKit built into a 20.10 client: one build reads every stage's cache there
    assert.equal(buildsApart({ kind: 'buildkit', buildx: null }, caches(TEN), false), false);
    assert.equal(buildsApart({ kind: 'buildkit', buildx }, caches(TEN), true), false);
    assert.equal(buildsApart({ kind: 'buildkit', buildx }, caches('FROM busybox\nRUN true'), false), false);
  });
  it('not when a stage before the last has no name (--target takes a name)', () => {
    const text = 'FROM busybox\nRUN true\nFROM busybox\nCOPY --from=0 /a /a';
    assert.equal(buildsApart({ kind: 'buildkit', buildx }, caches(text), false), false);
  });
});

describe('planBake', () => {
  it('gives each stage a target of its own, with its own cache image alone; values on stdin only', () => {
    const plan = planBake(
      {
        context: '/ws',
        file: '/ws/Dockerfile',
        buildArgs: [{ key: 'TOKEN', value: 's3cret' }],
        labels: { 'org.opencontainers.image.revision': 'abc' },
      },
      [
        { target: 'lib1', tag: 'r/app:cache-main-lib1', cacheFrom: ['r/app:cache-main-lib1'] },
        { target: 'lib2', tag: 'r/app:cache-main-lib2', cacheFrom: [] },
      ],
    );
    assert.deepEqual(plan.argv, ['docker', 'buildx', 'bake', '--file', '-', '--progress', 'plain']);
    assert.deepEqual(plan.env, { BUILDX_BAKE_ENTITLEMENTS_FS: '0' });
    const definition = JSON.parse(plan.stdin) as {
      group: { default: { targets: string[] } };
      target: Record<string, Record<string, unknown>>;
    };
    assert.deepEqual(definition.group.default.targets, ['s0', 's1']);
    assert.deepEqual(definition.target.s0, {
      context: '/ws',
      dockerfile: '/ws/Dockerfile',
      target: 'lib1',
      tags: ['r/app:cache-main-lib1'],
      'cache-from': ['r/app:cache-main-lib1'],
      args: { BUILDKIT_INLINE_CACHE: '1', TOKEN: 's3cret' },
      labels: { 'org.opencontainers.image.revision': 'abc' },
    });
    assert.deepEqual(definition.target.s1?.['target'], 'lib2');
    assert.deepEqual(definition.target.s1?.['cache-from'], []);
  });
});

describe('literal', () => {
  it("doubles what bake's HCL would read as a template, and leaves the rest", () => {
    assert.equal(literal('a${X}b%{if}c'), 'a$${X}b%%{if}c');
    assert.equal(literal('$HOME 100% {x} $$'), '$HOME 100% {x} $$');
  });
  it('reaches the definition for build args and labels', () => {
    const plan = planBake(
      {
        context: '/ws',
        file: '/ws/Dockerfile',
        buildArgs: [{ key: 'A', value: 'x${BAKE_LOCAL_PLATFORM}' }],
        labels: { note: '%{ if true }' },
      },
      [{ target: 'build.deps', tag: 'r/app:cache-main-build.deps', cacheFrom: [] }],
    );
    const target = (JSON.parse(plan.stdin) as { target: Record<string, Record<string, unknown>> }).target.s0;
    assert.deepEqual(target?.['args'], { BUILDKIT_INLINE_CACHE: '1', A: 'x$${BAKE_LOCAL_PLATFORM}' });
    assert.deepEqual(target?.['labels'], { note: '%%{ if true }' });
    assert.equal(target?.['target'], 'build.deps');
  });
});
