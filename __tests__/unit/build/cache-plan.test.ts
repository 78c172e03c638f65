// The cache plan: references per stage and builder, cache modes, what gets pushed, buildx's registry cache.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionsCacheKeys, saveKey } from '../../../src/build/cache-actions.js';
import { planBuild, type BuildRequest } from '../../../src/build/image-build.js';
import {
  buildCacheTo,
  buildxCacheTo,
  builtStages,
  cacheFromArgs,
  cacheTable,
  cacheTag,
  derivedCacheKey,
  earlierCacheQuestion,
  resolveCacheKey,
  creditHits,
  needsPush,
  noCacheFlags,
  resolveCacheMode,
  stageCaches,
  type StageCache,
  type StageReport,
  wholeFromRepository,
} from '../../../src/build/cache-plan.js';
import { parseStages } from '../../../src/build/stages.js';
import type { Repository } from '../../../src/core/image-ref.js';
import type { RunContext } from '../../../src/detect/run-context.js';

const image: Repository = { registry: 'ghcr.io', path: 'acme/shop', name: 'ghcr.io/acme/shop' };
const home = { repository: image, key: '' };
const push: RunContext = {
  sha: 'a'.repeat(40),
  branch: 'feat/x',
  gitTag: '',
  pullRequest: undefined,
  event: 'push',
  defaultBranch: 'main',
  runNumber: '',
  gitTags: [],
  source: { url: '', title: '', license: '', created: '' },
};
const parsed = parseStages(
  'FROM busybox AS deps\nRUN a\nFROM busybox AS unused\nRUN b\nFROM busybox\nCOPY --from=deps /a /a\n',
  [],
  '',
);

describe('cacheTag', () => {
  it('names branch and stage', () => assert.equal(cacheTag('feat/x', 'deps'), 'cache-feat-x-deps'));
  it('shortens the branch, never the stage, within 128 characters', () => {
    const tag = cacheTag('b'.repeat(200), 'stage-12');
    assert.equal(tag.length, 128);
    assert.ok(tag.endsWith('b-stage-12'));
  });
});

describe('builtStages and stageCaches', () => {
  it('legacy builds every stage up to the target; BuildKit and buildx only what it needs', () => {
    assert.deepEqual(builtStages('legacy', parsed), [0, 1, 2]);
    assert.deepEqual(builtStages('buildkit', parsed), [0, 2]);
    assert.deepEqual(builtStages('buildx', parsed), [0, 2]);
  });
  const rows: [string, RunContext, string[], string | undefined][] = [
    [
      'a branch reads its own, then the default branch',
      push,
      ['ghcr.io/acme/shop:cache-feat-x-deps', 'ghcr.io/acme/shop:cache-main-deps'],
      'ghcr.io/acme/shop:cache-feat-x-deps',
    ],
    [
      'the default branch reads and writes its own',
      { ...push, branch: 'main' },
      ['ghcr.io/acme/shop:cache-main-deps'],
      'ghcr.io/acme/shop:cache-main-deps',
    ],
    [
      'a tag reads the default branch, writes nothing',
      { ...push, branch: '', gitTag: 'v1.0.0' },
      ['ghcr.io/acme/shop:cache-main-deps'],
      undefined,
    ],
  ];
  for (const [name, context, read, write] of rows) {
    it(name, () => {
      const [deps] = stageCaches(home, context, parsed, 'buildkit');
      assert.deepEqual([deps?.read, deps?.write], [read, write]);
    });
  }
  it('buildx shares one reference between all stages', () => {
    const caches = stageCaches(home, push, parsed, 'buildx');
    assert.deepEqual(
      new Set(caches.map((cache) => cache.write)),
      new Set(['ghcr.io/acme/shop:cache-feat-x-all']),
    );
  });
});

describe('cache sources per builder', () => {
  it('passes references as they are, or in the buildx registry form', () => {
    assert.deepEqual(cacheFromArgs('legacy', ['r:a', 'r:a', 'r:b']), ['r:a', 'r:b']);
    assert.deepEqual(cacheFromArgs('buildx', ['r:a']), ['type=registry,ref=r:a']);
    assert.deepEqual(cacheFromArgs('buildx', ['type=local,src=/c', 'r:a']), [
      'type=local,src=/c',
      'type=registry,ref=r:a',
    ]);
  });
  it('exports buildx cache with every stage, as an image manifest', () => {
    assert.equal(
      buildxCacheTo('r:c'),
      'type=registry,ref=r:c,mode=max,image-manifest=true,oci-mediatypes=true',
    );
  });
  const request: BuildRequest = {
    builder: 'buildx',
    context: '/ws',
    file: '/ws/Dockerfile',
    target: '',
    buildArgs: [],
    tags: [],
    cacheFrom: cacheFromArgs('buildx', ['r:cache-main-all']),
    iidFile: '/tmp/iid',
  };
  it('plans the buildx build the tests use: loaded, reading the registry cache', () => {
    const argv = planBuild(request).argv;
    assert.deepEqual(argv.slice(0, 4), ['docker', 'buildx', 'build', '--load']);
    assert.deepEqual(argv.slice(-3), ['--cache-from', 'type=registry,ref=r:cache-main-all', '/ws']);
  });
  it('exports the buildx registry cache in the build the tests use, when the run writes a cache', () => {
    const caches = stageCaches(
      { repository: { registry: 'r', path: 'app', name: 'r/app' }, key: '' },
      { branch: 'main', defaultBranch: 'main' } as RunContext,
      parseStages('FROM busybox AS a\nFROM busybox\nCOPY --from=a /a /a', [], ''),
      'buildx',
    );
    const cacheTo = buildCacheTo('buildx', 'registry', caches, true);
    assert.deepEqual(cacheTo, [`${buildxCacheTo('r/app:cache-main-all')},ignore-error=true`]);
    const argv = planBuild({ ...request, cacheTo }).argv;
    assert.deepEqual(argv.slice(0, 4), ['docker', 'buildx', 'build', '--load']);
    assert.deepEqual(argv.slice(-3), ['--cache-to', cacheTo[0], '/ws']);
    // a run that writes no cache (a pull request), an Actions cache, or inline caches: no --cache-to
    assert.deepEqual(buildCacheTo('buildx', 'registry', caches, false), []);
    assert.deepEqual(buildCacheTo('buildx', 'actions', caches, true), []);
    assert.deepEqual(buildCacheTo('buildkit', 'registry', caches, true), []);
    const tagRun = caches.map((cache) => ({ ...cache, write: undefined }));
    assert.deepEqual(buildCacheTo('buildx', 'registry', tagRun, true), []);
  });
  it('plans a buildx cache export of its own (the Actions cache): not loaded, --cache-to', () => {
    const argv = planBuild({ ...request, load: false, cacheTo: [buildxCacheTo('r:cache-main-all')] }).argv;
    assert.ok(!argv.includes('--load'));
    assert.deepEqual(argv.slice(-3), ['--cache-to', buildxCacheTo('r:cache-main-all'), '/ws']);
  });
  it('adds --no-cache and --pull', () => {
    const argv = planBuild({ ...request, builder: 'legacy', noCache: true, pull: true }).argv;
    assert.ok(argv.includes('--no-cache') && argv.includes('--pull'));
  });
});

describe('no-cache and cache modes', () => {
  const rows: [Parameters<typeof noCacheFlags>[0], string, { noCache: boolean; pull: boolean }][] = [
    ['auto', 'schedule', { noCache: true, pull: true }],
    ['auto', 'push', { noCache: false, pull: false }],
    ['true', 'push', { noCache: true, pull: false }],
    ['false', 'schedule', { noCache: false, pull: false }],
  ];
  for (const [mode, event, flags] of rows)
    it(`${mode} on ${event}`, () => assert.deepEqual(noCacheFlags(mode, event), flags));
  it('defaults to the registry, to the Actions cache when berth may not push and the service is there', () => {
    assert.equal(resolveCacheMode('', 'auto', {}), 'registry');
    assert.equal(resolveCacheMode('', 'false', {}), 'registry');
    assert.equal(resolveCacheMode('', 'false', { ACTIONS_RESULTS_URL: 'https://x' }), 'actions');
    assert.equal(resolveCacheMode('none', 'auto', { ACTIONS_RESULTS_URL: 'https://x' }), 'none');
  });
});

describe('hits, credit and pushes', () => {
  const caches = stageCaches(home, push, parsed, 'legacy').slice(0, 1);
  const row = { key: 'deps', hits: 1, steps: 1, imageId: '244195627c6f' };
  it('credits the first reference that was there', () => {
    const [report] = creditHits(caches, [row], (ref) => ref.endsWith('main-deps'), []);
    assert.equal(report?.hitRef, 'ghcr.io/acme/shop:cache-main-deps');
    const [none] = creditHits(caches, [{ ...row, hits: 0 }], () => true, []);
    assert.equal(none?.hitRef, '');
    const [extra] = creditHits(caches, [row], (ref) => ref === 'x/y:z', ['x/y:z']);
    assert.equal(extra?.hitRef, 'x/y:z');
  });
  const report: StageReport = { ...row, hitRef: '' };
  const [cache] = caches as [StageCache];
  const rows: [string, Parameters<typeof needsPush>, boolean][] = [
    ['nothing at the write reference yet', ['buildkit', cache, report, undefined], true],
    ['legacy: the same image as pulled', ['legacy', cache, report, 'sha256:244195627c6f00'], false],
    ['legacy: another image', ['legacy', cache, report, 'sha256:99'], true],
    [
      'BuildKit: every step cached and the reference there',
      ['buildkit', cache, { ...report, imageId: '' }, ''],
      false,
    ],
    ['BuildKit: a step rebuilt', ['buildkit', cache, { ...report, hits: 0, imageId: '' }, ''], true],
    ['no write reference (a tag run)', ['legacy', { ...cache, write: undefined }, report, undefined], false],
  ];
  for (const [name, args, expected] of rows)
    it(`needsPush: ${name}`, () => assert.equal(needsPush(...args), expected));
  const final = (hits: number, steps: number, hitRef: string): StageReport[] => [
    { key: 'deps', hits: 0, steps: 1, imageId: '', hitRef: '' },
    { key: '2', hits, steps, imageId: '', hitRef },
  ];
  const layerRows: [string, StageReport[], string | undefined][] = [
    [
      'final stage whole from its own repository',
      final(3, 3, 'ghcr.io/acme/shop:cache-main-2'),
      'ghcr.io/acme/shop:cache-main-2',
    ],
    [
      'final stage whole from the default branch',
      final(3, 3, 'ghcr.io/acme/shop:cache-dev-2'),
      'ghcr.io/acme/shop:cache-dev-2',
    ],
    ['a final step rebuilt', final(2, 3, 'ghcr.io/acme/shop:cache-main-2'), undefined],
    ['served from another repository (cache-from)', final(3, 3, 'ghcr.io/acme/base:cache'), undefined],
    ['a repository whose name only starts the same', final(3, 3, 'ghcr.io/acme/shop-old:cache'), undefined],
    ['a final stage with no steps', final(0, 0, 'ghcr.io/acme/shop:cache-main-2'), undefined],
    ['no stages', [], undefined],
  ];
  for (const [name, rows, expected] of layerRows)
    it(`wholeFromRepository: ${name}`, () =>
      assert.equal(wholeFromRepository('buildkit', rows, 'ghcr.io/acme/shop'), expected));
  it("wholeFromRepository: never buildx's registry cache, a cache manifest and not an image", () =>
    assert.equal(
      wholeFromRepository('buildx', final(3, 3, 'ghcr.io/acme/shop:cache-main-all'), 'ghcr.io/acme/shop'),
      undefined,
    ));
  it('tabulates the stages', () => {
    assert.deepEqual(cacheTable([{ ...report, hitRef: 'r:c' }]), [
      ['stage', 'cache hit from', 'steps cached'],
      ['deps', 'r:c', '1/1'],
    ]);
  });
});

describe('actions cache keys', () => {
  it('keys on the image, the Dockerfile and the branch, falling back to the default branch', () => {
    const keys = actionsCacheKeys('r/a', 'FROM x', 'feat', 'main');
    assert.match(keys.prefix, /^berth-[0-9a-f]{16}-feat-$/);
    assert.deepEqual(
      keys.restore.map((key) => key.replace(/^berth-[0-9a-f]{16}-/, '')),
      ['feat-', 'main-'],
    );
    assert.notEqual(actionsCacheKeys('r/a', 'FROM y', 'feat', 'main').prefix, keys.prefix);
  });
  it('gives the same set of images the same save key', () => {
    const keys = actionsCacheKeys('r/a', 'FROM x', 'main', 'main');
    const a = saveKey(
      keys,
      new Map([
        ['r/a:1', 'sha256:1'],
        ['r/a:2', 'sha256:2'],
      ]),
    );
    assert.equal(
      a,
      saveKey(
        keys,
        new Map([
          ['r/a:2', 'sha256:2'],
          ['r/a:1', 'sha256:1'],
        ]),
      ),
    );
    assert.notEqual(a, saveKey(keys, new Map([['r/a:1', 'sha256:3']])));
  });
});

describe('cache keys that keep a matrix apart', () => {
  const dockerfile =
    'ARG BASE=busybox\nFROM $BASE AS deps\nARG MODE=release\nRUN a\nFROM deps AS test\nFROM deps\n';
  const rows: [string, string, { key: string; value: string }[], RegExp][] = [
    ['the last stage, no build args: none', '', [], /^$/],
    [
      'the last stage by number, args at their defaults: none',
      '2',
      [{ key: 'MODE', value: 'release' }],
      /^$/,
    ],
    ['an arg the Dockerfile does not declare: none', '', [{ key: 'OTHER', value: 'x' }], /^$/],
    ['another target: its name', 'test', [], /^test$/],
    ['an arg off its default: a hash', '', [{ key: 'MODE', value: 'debug' }], /^[0-9a-f]{8}$/],
    ['both', 'test', [{ key: 'BASE', value: 'alpine' }], /^test-[0-9a-f]{8}$/],
  ];
  for (const [name, target, args, key] of rows)
    it(name, () => assert.match(derivedCacheKey(parseStages(dockerfile, args, target), target, args), key));

  it('differs with the values and not with their order', () => {
    const key = (args: { key: string; value: string }[]) =>
      derivedCacheKey(parseStages(dockerfile, args, ''), '', args);
    const debug = { key: 'MODE', value: 'debug' };
    const alpine = { key: 'BASE', value: 'alpine' };
    assert.notEqual(key([debug]), key([{ key: 'MODE', value: 'trace' }]));
    assert.equal(key([debug, alpine]), key([alpine, debug]));
  });

  it('leaves out values of this run alone, and takes cache-key as given (none: no key)', () => {
    const stages = parseStages(dockerfile, [], '');
    const args = [{ key: 'MODE', value: `build-${push.sha.slice(0, 7)}` }];
    assert.equal(resolveCacheKey('', stages, '', args, push), '');
    assert.equal(
      resolveCacheKey('', stages, '', [{ key: 'MODE', value: 'debug' }], { sha: '', gitTag: '' }).length,
      8,
    );
    assert.equal(resolveCacheKey('none', stages, 'test', args, push), '');
    assert.equal(resolveCacheKey('py3.12', stages, 'test', args, push), 'py3.12');
  });

  it('goes in the tags, in the cache repository when one is given', () => {
    const elsewhere: Repository = { registry: 'ghcr.io', path: 'acme/cache', name: 'ghcr.io/acme/cache' };
    const [deps] = stageCaches({ repository: elsewhere, key: 'test' }, push, parsed, 'buildkit');
    assert.deepEqual(deps?.read, [
      'ghcr.io/acme/cache:cache-feat-x-test-deps',
      'ghcr.io/acme/cache:cache-main-test-deps',
    ]);
    assert.equal(cacheTag('b'.repeat(200), 'deps', 'k'.repeat(40)).length, 128);
    assert.match(cacheTag('b'.repeat(200), 'deps', 'k'.repeat(40)), /-k{40}-deps$/);
  });
});

describe('earlierCacheQuestion: whether a stage before the last may have a cache to read', () => {
  const caches = stageCaches(home, push, parsed, 'buildkit');
  const deps = ['ghcr.io/acme/shop:cache-feat-x-deps', 'ghcr.io/acme/shop:cache-main-deps'];
  const last = 'ghcr.io/acme/shop:cache-feat-x-stage-2';
  const rows: [string, string[], string[], string | undefined, boolean | string[]][] = [
    ["the earlier stages' references, asked in turn", [...deps, last], [], undefined, deps],
    [
      'only those that can be read (a registry that does not answer is left out)',
      [deps[1] ?? '', last],
      [],
      undefined,
      [deps[1] ?? ''],
    ],
    ["the last stage's cache alone: no", [last], [], undefined, false],
    ['nothing readable: no', [], [], undefined, false],
    [
      "a cache-from of the user's: yes, without asking",
      [...deps, 'ghcr.io/acme/base:cache'],
      ['ghcr.io/acme/base:cache'],
      undefined,
      true,
    ],
    ['Actions mode, an entry restored: yes', [], [], 'berth-key', true],
    ['Actions mode, none restored: no', [], [], '', false],
  ];
  for (const [name, readable, extra, restored, expected] of rows)
    it(name, () => assert.deepEqual(earlierCacheQuestion(caches, readable, extra, restored), expected));
});
