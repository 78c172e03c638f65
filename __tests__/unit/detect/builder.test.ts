import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseBuilder,
  parseBuildxInspect,
  imageStoreOf,
  type BuildxBuilder,
  type ImageStore,
} from '../../../src/detect/builder.js';
import { builderVariables } from '../../../src/detect/environment.js';

// `docker buildx inspect` of buildx 0.29.1 (Debian's 0.29.1+ds1) against engine 28.5.2, shortened
const DOCKER_DRIVER = `Name:          default
Driver:        docker
Last Activity: 2026-12-01 07:10:00 +0000 UTC

Nodes:
Name:             default
Endpoint:         default
Status:           running
BuildKit version: v0.25.2
Platforms:        linux/amd64, linux/amd64/v2, linux/386
`;
const CONTAINER_DRIVER = `Name:          ci
Driver:        docker-container
Last Activity: 2026-12-01 07:10:00 +0000 UTC

Nodes:
Name:                  ci0
Endpoint:              unix:///var/run/docker.sock
Status:                running
`;

describe('the buildx builder', () => {
  it('reads the name and driver of the current builder, not of its nodes', () => {
    assert.deepEqual(parseBuildxInspect(DOCKER_DRIVER), { name: 'default', driver: 'docker' });
    assert.deepEqual(parseBuildxInspect(CONTAINER_DRIVER), { name: 'ci', driver: 'docker-container' });
  });
  it('has none without a Driver line', () =>
    assert.equal(parseBuildxInspect('ERROR: no builder'), undefined));

  const stores: [string, string, ImageStore][] = [
    ['the containerd snapshotter', '[["driver-type","io.containerd.snapshotter.v1"]]', 'containerd'],
    [
      'overlay2 on the classic store',
      '[["Backing Filesystem","extfs"],["Supports d_type","true"],["Using metacopy","false"],["Native Overlay Diff","true"],["userxattr","false"]]',
      'classic',
    ],
    ['no status at all', 'null', 'classic'],
  ];
  for (const [name, text, expected] of stores)
    it(`store: ${name}`, () =>
      assert.equal(imageStoreOf(JSON.parse(text) as [string, string][] | null), expected));
});

describe('chooseBuilder: the cache each builder, driver and store supports', () => {
  const docker: BuildxBuilder = { name: 'default', driver: 'docker' };
  const container: BuildxBuilder = { name: 'ci', driver: 'docker-container' };
  const rows: [
    string,
    string,
    BuildxBuilder | undefined,
    ImageStore | null,
    string | undefined,
    string,
    boolean,
  ][] = [
    [
      'buildx docker driver, classic store: inline caches',
      '28.5.2',
      docker,
      'classic',
      undefined,
      'buildkit',
      false,
    ],
    [
      'buildx docker driver, containerd store: a registry cache',
      '28.5.2',
      docker,
      'containerd',
      undefined,
      'buildx',
      true,
    ],
    ['a docker-container builder exports on any store', '28.5.2', container, null, undefined, 'buildx', true],
    ['a remote builder exports', '28.5.2', { name: 'r', driver: 'remote' }, null, undefined, 'buildx', true],
    ['DOCKER_BUILDKIT=0 forces legacy', '28.5.2', docker, 'containerd', '0', 'legacy', false],
    ['20.10 has BuildKit built in', '20.10.24+dfsg1', undefined, null, undefined, 'buildkit', false],
    ['28 without buildx is legacy', '28.2.2', undefined, null, undefined, 'legacy', false],
  ];
  for (const [name, version, buildx, store, env, kind, cacheExport] of rows) {
    it(name, () => {
      const facts = chooseBuilder(version, buildx, store, env);
      assert.deepEqual([facts.kind, facts.cacheExport], [kind, cacheExport]);
    });
  }
});

describe('builderVariables: what later steps need to build as berth did', () => {
  const docker: BuildxBuilder = { name: 'default', driver: 'docker' };
  const rows: [string, ReturnType<typeof chooseBuilder>, Record<string, string>, Record<string, string>][] = [
    [
      'BuildKit on a 20.10 client',
      chooseBuilder('20.10.24', undefined, null, undefined),
      {},
      { DOCKER_BUILDKIT: '1' },
    ],
    [
      "not over the job's own DOCKER_BUILDKIT",
      chooseBuilder('20.10.24', undefined, null, '1'),
      { DOCKER_BUILDKIT: '1' },
      {},
    ],
    [
      'nothing for buildx: later steps have its current builder',
      chooseBuilder('28.5.2', docker, 'classic', undefined),
      {},
      {},
    ],
    ['nothing for the legacy builder', chooseBuilder('28.2.2', undefined, null, undefined), {}, {}],
  ];
  for (const [name, facts, env, expected] of rows)
    it(name, () => assert.deepEqual(builderVariables(facts, env), expected));
});
