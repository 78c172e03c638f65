// The summary's Environment table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Environment } from '../../../src/detect/environment.js';
import { environmentRows } from '../../../src/detect/report.js';

const gitlabDind: Environment = {
  ci: {
    kind: 'gitlab',
    vendor: 'GitLab CI',
    detail: 'disposable environment (docker, kubernetes ... executor)',
  },
  daemon: {
    host: 'tcp://docker:2376',
    source: 'dind (TLS)',
    certPath: '/certs/client',
    clientVersion: '20.10.24',
    clientApiVersion: '1.41',
    serverVersion: '27.3.1',
    apiVersion: '1.47',
    os: 'Alpine Linux v3.20',
    storageDriver: 'overlay2',
    rootless: false,
    cgroupVersion: '2',
    rootDir: '/var/lib/docker',
    containerdStore: false,
  },
  builder: { kind: 'buildkit', buildx: null, imageStore: null, cacheExport: false },
  compose: { kind: 'none', version: '' },
  container: { inContainer: true, evidence: '/.dockerenv' },
  workspace: {
    dir: '/builds/acme/shop',
    visible: false,
    bindMounts: false,
    probeImage: 'berth-probe:0a1b2c3d4e',
    probeNote:
      'invalid mount config for type "bind": bind source path does not exist: /builds/acme/shop/.berth-probe-x',
  },
  disk: { freeBytes: null, source: null, minFreeBytes: 2 * 1024 ** 3, pruned: false },
  exported: { DOCKER_HOST: 'tcp://docker:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs/client' },
  warnings: [],
  seconds: 1.234,
};

describe('environmentRows', () => {
  it('says what was found, one fact a row', () =>
    assert.deepEqual(environmentRows(gitlabDind), [
      ['what', 'found'],
      ['CI', 'GitLab CI, disposable environment (docker, kubernetes ... executor)'],
      ['daemon', 'tcp://docker:2376 (dind (TLS), TLS with /certs/client)'],
      ['versions', 'client 20.10.24 (API 1.41), daemon 27.3.1 (API 1.47)'],
      ['daemon OS', 'Alpine Linux v3.20, cgroup v2'],
      ['storage', 'overlay2, unknown free (min 2.0 GiB)'],
      ['free space from', 'not read'],
      ['builder', 'buildkit (inline cache per stage)'],
      ['compose', 'none'],
      ['berth in a container', 'yes (/.dockerenv)'],
      [
        'daemon sees the workspace',
        'no (probed with berth-probe:0a1b2c3d4e): invalid mount config for type "bind": bind source path does not exist: /builds/acme/shop/.berth-probe-x',
      ],
      ['exported', 'DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH'],
      ['detected in', '1.2 s'],
    ]));

  const sources: [Environment['disk']['source'], string][] = [
    ['data root', "statfs of the daemon's data root (/var/lib/docker)"],
    ['probe', 'df in the probe container'],
    [null, 'not read'],
  ];
  for (const [source, text] of sources)
    it(`says how free space was read: ${String(source)}`, () => {
      const disk = { ...gitlabDind.disk, freeBytes: 5 * 1024 ** 3, source };
      const rows = environmentRows({ ...gitlabDind, disk });
      assert.deepEqual(
        rows.filter(([what]) => what === 'storage' || what === 'free space from'),
        [
          ['storage', 'overlay2, 5.0 GiB free (min 2.0 GiB)'],
          ['free space from', text],
        ],
      );
    });
});
