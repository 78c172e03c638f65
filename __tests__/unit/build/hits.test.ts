// Per-stage cache hits read from the legacy builder's and BuildKit's output.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStages } from '../../../src/build/stages.js';
import {
  buildkitStageHits,
  cacheExportError,
  legacyStageHits,
  missingCacheRefs,
  stageHits,
} from '../../../src/build/hits.js';

const stages = parseStages(
  'ARG B=busybox\nFROM $B AS deps\nRUN a\nFROM $B\nCOPY --from=deps /a /a\nCMD x\n',
  [],
  '',
).stages;

const LEGACY = `Sending build context to Docker daemon  5.632kB
Step 1/6 : ARG B=busybox
Step 2/6 : FROM $B AS deps
 ---> c4c9e0df5872
Step 3/6 : RUN a
 ---> Using cache
 ---> 244195627c6f
Step 4/6 : FROM $B
 ---> c4c9e0df5872
Step 5/6 : COPY --from=deps /a /a
 ---> 272e72969fc5
Step 6/6 : CMD x
 ---> Running in 13751acc35f5
Removing intermediate container 13751acc35f5
 ---> f9bb0bbbdf79
Successfully built f9bb0bbbdf79
`;

const BUILDKIT = `#4 [deps 1/2] FROM docker.io/library/busybox
#4 DONE 0.0s

#16 importing cache manifest from r/a:cache-feature-deps
#16 ERROR: r/a:cache-feature-deps: not found

#13 importing cache manifest from r/a:cache-main-deps
#13 DONE 0.0s

#5 [deps 2/2] RUN a
#5 CACHED

#11 [stage-1 2/2] COPY --from=deps /a /a
#11 sha256:27e4da957a8850fa28372afc032d0dab273cf63a58dc37e1fb08a5b8ef9aefba
#11 DONE 0.1s

#12 [stage-1 3/3] RUN b
#12 pulling sha256:686ba5dbe9b1785d06e3d6a0b4acc883be88217d9541c6bedfc4048fbb873441 0.0s done
#12 CACHED
`;

describe('legacyStageHits', () => {
  it('splits the steps at each FROM, leaves out ARGs before the first, keeps the last image ID', () => {
    assert.deepEqual(legacyStageHits(LEGACY, stages), [
      { key: 'deps', hits: 1, steps: 1, imageId: '244195627c6f' },
      { key: 'stage-1', hits: 0, steps: 2, imageId: 'f9bb0bbbdf79' },
    ]);
  });
});

describe('buildkitStageHits', () => {
  it('counts vertices per stage label, FROM aside', () => {
    assert.deepEqual(buildkitStageHits(BUILDKIT, 'x'), [
      { key: 'deps', hits: 1, steps: 1, imageId: '' },
      { key: 'stage-1', hits: 1, steps: 2, imageId: '' },
    ]);
  });
  it("reads a bake's vertices by their stage, not their target", () => {
    const bake = [
      '#8 [lib2 lib2 3/4] COPY --from=deps /deps/deps.txt /deps.txt',
      '#8 CACHED',
      '#9 [lib2 lib2 4/4] RUN cat /deps.txt >> /lib2.txt',
      '#12 [lib1 deps 3/4] COPY deps.txt ./',
      '#12 CACHED',
      '#5 [lib2] importing cache manifest from r/a:cache-main-lib2',
    ].join('\n');
    assert.deepEqual(buildkitStageHits(bake, 'x'), [
      { key: 'lib2', hits: 1, steps: 2, imageId: '' },
      { key: 'deps', hits: 1, steps: 1, imageId: '' },
    ]);
  });
  it('gives unlabelled vertices (a one-stage file) to the fallback stage', () => {
    assert.deepEqual(buildkitStageHits('#5 [2/2] RUN a\n#5 CACHED\n', 'stage-0'), [
      { key: 'stage-0', hits: 1, steps: 1, imageId: '' },
    ]);
  });
  it('finds the cache references that were not there', () => {
    assert.deepEqual([...missingCacheRefs(BUILDKIT)], ['r/a:cache-feature-deps']);
  });
  it('finds the references buildx did not find', () => {
    const buildx = [
      '#4 importing cache manifest from r/a:cache-feature-all',
      '#4 ERROR: failed to configure registry cache importer: r/a:cache-feature-all: not found',
      '#5 importing cache manifest from r/a:cache-main-all',
      '#5 DONE 0.0s',
    ].join('\n');
    assert.deepEqual([...missingCacheRefs(buildx)], ['r/a:cache-feature-all']);
  });
});

describe('stageHits', () => {
  it('reports the chosen stages in order, with zero rows for stages not printed', () => {
    assert.deepEqual(
      stageHits('buildkit', '#5 [stage-1 2/2] RUN a\n#5 CACHED\n', stages, [0, 1]).map((row) => [
        row.key,
        row.hits,
        row.steps,
      ]),
      [
        ['deps', 0, 0],
        ['stage-1', 1, 1],
      ],
    );
    assert.equal(stageHits('legacy', LEGACY, stages, [0, 1])[0]?.hits, 1);
  });
});

describe('cacheExportError', () => {
  it("reads the error of the export vertex, not another vertex's", () => {
    const output = [
      '#9 ERROR: failed to configure registry cache importer: r:c: not found',
      '#17 exporting cache to registry',
      '#17 preparing build cache for export',
      '#17 ERROR: error writing layer blob: failed to do request: connection refused',
    ].join('\n');
    assert.equal(
      cacheExportError(output),
      'error writing layer blob: failed to do request: connection refused',
    );
  });
  it('none when the export went through, or there was none', () => {
    assert.equal(cacheExportError('#17 exporting cache to registry\n#17 DONE 0.4s\n#9 ERROR: x'), undefined);
    assert.equal(cacheExportError('#9 ERROR: r:c: not found'), undefined);
  });
});
