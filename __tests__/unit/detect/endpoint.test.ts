// Which endpoint, with what TLS: recorded environments (variables + files) of every row of the
// resolution order, and what berth exports for later steps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  contextDir,
  endpointCandidates,
  variablesToExport,
  type Endpoint,
} from '../../../src/detect/endpoint.js';
import { certs, fakeFiles, SOCKET } from '../../helpers/fake-files.js';

const HOME = '/home/u';
const SOCK = '/var/run/docker.sock';
const work = contextDir('work');

type Row = [
  string,
  Record<string, string>,
  Record<string, string | typeof SOCKET>,
  string,
  [string, string, string?][],
];

const rows: Row[] = [
  [
    'the docker-host input comes first',
    { DOCKER_HOST: 'tcp://b:2375' },
    { [SOCK]: SOCKET },
    'unix:///x.sock',
    [
      ['unix:///x.sock', 'docker-host input'],
      ['tcp://b:2375', 'DOCKER_HOST'],
      [`unix://${SOCK}`, 'default socket'],
    ],
  ],
  [
    'DOCKER_HOST with TLS and its three certificate files (CircleCI remote docker)',
    {
      CIRCLECI: 'true',
      DOCKER_HOST: 'tcp://10.0.0.5:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/tmp/docker-certs42',
    },
    certs('/tmp/docker-certs42'),
    '',
    [['tcp://10.0.0.5:2376', 'DOCKER_HOST', '/tmp/docker-certs42']],
  ],
  [
    'DOCKER_TLS_VERIFY without DOCKER_CERT_PATH reads ~/.docker',
    { HOME, DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' },
    certs(`${HOME}/.docker`),
    '',
    [['tcp://h:2376', 'DOCKER_HOST', `${HOME}/.docker`]],
  ],
  [
    'DOCKER_HOST with TLS but an empty key.pem is not tried',
    { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' },
    { ...certs('/c'), '/c/key.pem': '', [SOCK]: SOCKET },
    '',
    [[`unix://${SOCK}`, 'default socket']],
  ],
  [
    'DOCKER_HOST wins over DOCKER_CONTEXT, as in the Docker CLI',
    { HOME, DOCKER_HOST: 'unix:///run/d.sock', DOCKER_CONTEXT: 'work' },
    {
      [`${HOME}/.docker/contexts/meta/${work}/meta.json`]:
        '{"Endpoints":{"docker":{"Host":"tcp://ctx:2376"}}}',
    },
    '',
    [['unix:///run/d.sock', 'DOCKER_HOST']],
  ],
  [
    'DOCKER_CONTEXT: meta.json under the sha256 of the name, TLS files beside it',
    { HOME, DOCKER_CONTEXT: 'work' },
    {
      [`${HOME}/.docker/contexts/meta/${work}/meta.json`]:
        '{"Name":"work","Endpoints":{"docker":{"Host":"tcp://ctx:2376","SkipTLSVerify":false}}}',
      ...certs(`${HOME}/.docker/contexts/tls/${work}/docker`),
    },
    '',
    [['tcp://ctx:2376', 'context work', `${HOME}/.docker/contexts/tls/${work}/docker`]],
  ],
  [
    'currentContext of $DOCKER_CONFIG/config.json, no TLS',
    { HOME, DOCKER_CONFIG: '/cfg' },
    {
      '/cfg/config.json': '{"currentContext":"work","auths":{}}',
      [`/cfg/contexts/meta/${work}/meta.json`]: '{"Endpoints":{"docker":{"Host":"unix:///ctx.sock"}}}',
      [SOCK]: SOCKET,
    },
    '',
    [
      ['unix:///ctx.sock', 'context work'],
      [`unix://${SOCK}`, 'default socket'],
    ],
  ],
  [
    'the default context is the default socket',
    { HOME, DOCKER_CONTEXT: 'default' },
    { [SOCK]: SOCKET },
    '',
    [[`unix://${SOCK}`, 'default socket']],
  ],
  [
    'GitLab dind with TLS: no socket, client certs in $DOCKER_TLS_CERTDIR/client',
    { GITLAB_CI: 'true', DOCKER_TLS_CERTDIR: '/certs' },
    certs('/certs/client'),
    '',
    [['tcp://docker:2376', 'dind (TLS)', '/certs/client']],
  ],
  [
    'dind certs in the default /certs/client without DOCKER_TLS_CERTDIR',
    { HOME },
    certs('/certs/client'),
    '',
    [['tcp://docker:2376', 'dind (TLS)', '/certs/client']],
  ],
  [
    'GitLab dind without TLS: DOCKER_TLS_CERTDIR=""',
    { GITLAB_CI: 'true', DOCKER_TLS_CERTDIR: '' },
    certs('/certs/client'),
    '',
    [['tcp://docker:2375', 'dind']],
  ],
  [
    'GitLab dind, certificates not there (yet)',
    { GITLAB_CI: 'true', DOCKER_TLS_CERTDIR: '/certs' },
    {},
    '',
    [['tcp://docker:2375', 'dind']],
  ],
  [
    'TLS variables do not apply to a socket',
    { DOCKER_HOST: 'unix:///run/d.sock', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nowhere' },
    {},
    '',
    [['unix:///run/d.sock', 'DOCKER_HOST']],
  ],
  [
    'GitLab with DOCKER_HOST set: no dind guess',
    { GITLAB_CI: 'true', DOCKER_HOST: 'tcp://dind:2375' },
    certs('/certs/client'),
    '',
    [['tcp://dind:2375', 'DOCKER_HOST']],
  ],
  [
    'GitLab socket binding: the socket, no dind guess',
    { GITLAB_CI: 'true' },
    { [SOCK]: SOCKET },
    '',
    [[`unix://${SOCK}`, 'default socket']],
  ],
  ['no dind guess outside GitLab without certificates', { HOME }, {}, '', []],
  [
    'the default socket; a plain file there is not a socket',
    { HOME },
    { [SOCK]: SOCKET, '/run/podman/podman.sock': 'x' },
    '',
    [[`unix://${SOCK}`, 'default socket']],
  ],
  [
    'rootless: $XDG_RUNTIME_DIR/docker.sock',
    { HOME, XDG_RUNTIME_DIR: '/run/user/1000' },
    { '/run/user/1000/docker.sock': SOCKET },
    '',
    [['unix:///run/user/1000/docker.sock', 'rootless socket']],
  ],
  [
    'Desktop, Colima, Rancher Desktop and Podman, in that order',
    { HOME, XDG_RUNTIME_DIR: '/run/user/1000' },
    {
      '/run/user/1000/podman/podman.sock': SOCKET,
      [`${HOME}/.rd/docker.sock`]: SOCKET,
      [`${HOME}/.colima/default/docker.sock`]: SOCKET,
      [`${HOME}/.docker/run/docker.sock`]: SOCKET,
    },
    '',
    [
      [`unix://${HOME}/.docker/run/docker.sock`, 'Docker Desktop socket'],
      [`unix://${HOME}/.colima/default/docker.sock`, 'Colima socket'],
      [`unix://${HOME}/.rd/docker.sock`, 'Rancher Desktop socket'],
      ['unix:///run/user/1000/podman/podman.sock', 'Podman socket'],
    ],
  ],
  [
    'act: the socket act binds into the job container',
    { ACT: 'true', GITHUB_ACTIONS: 'true' },
    { [SOCK]: SOCKET },
    '',
    [[`unix://${SOCK}`, 'default socket']],
  ],
  [
    'the same endpoint twice is tried once',
    { DOCKER_HOST: `unix://${SOCK}` },
    { [SOCK]: SOCKET },
    '',
    [[`unix://${SOCK}`, 'DOCKER_HOST']],
  ],
  ['nothing at all', { HOME }, {}, '', []],
];

describe('endpointCandidates', () => {
  for (const [name, env, files, input, expected] of rows) {
    it(name, () => {
      const { candidates } = endpointCandidates(env, fakeFiles(files), input);
      assert.deepEqual(
        candidates.map((c) => [c.host, c.source, ...(c.certPath ? [c.certPath] : [])]),
        expected,
      );
    });
  }
  it('says why a configured endpoint was not tried', () => {
    const env = { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' };
    const { skipped } = endpointCandidates(env, fakeFiles(certs('/nowhere')), '');
    assert.deepEqual(skipped, [
      'DOCKER_HOST tcp://h:2376: DOCKER_TLS_VERIFY is set but /c lacks ca.pem, cert.pem, key.pem (or they are empty)',
    ]);
  });
  it('reports a broken config.json and moves on', () => {
    const { candidates, skipped } = endpointCandidates(
      { HOME },
      fakeFiles({ [`${HOME}/.docker/config.json`]: '{', [SOCK]: SOCKET }),
      '',
    );
    assert.equal(candidates[0]?.source, 'default socket');
    assert.match(skipped[0] ?? '', /config.json is not valid JSON/);
  });
});

describe('variablesToExport', () => {
  const tls: Endpoint = { host: 'tcp://docker:2376', source: 'dind (TLS)', certPath: '/certs/client' };
  const socket: Endpoint = { host: `unix://${SOCK}`, source: 'default socket', certPath: undefined };
  const rows: [string, Endpoint, Record<string, string>, Record<string, string>][] = [
    [
      'nothing when the job set it all',
      tls,
      { DOCKER_HOST: tls.host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs/client' },
      {},
    ],
    [
      'all three for an inferred dind',
      tls,
      {},
      { DOCKER_HOST: tls.host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs/client' },
    ],
    [
      'DOCKER_TLS_VERIFY normalised to 1',
      tls,
      { DOCKER_HOST: tls.host, DOCKER_TLS_VERIFY: 'true', DOCKER_CERT_PATH: '/certs/client' },
      { DOCKER_TLS_VERIFY: '1' },
    ],
    ['DOCKER_HOST for a found socket', socket, {}, { DOCKER_HOST: socket.host }],
    [
      'TLS switched off when a dead TLS endpoint fell back to a socket',
      socket,
      { DOCKER_HOST: 'tcp://gone:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' },
      { DOCKER_HOST: socket.host, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' },
    ],
  ];
  for (const [name, endpoint, env, expected] of rows)
    it(name, () => assert.deepEqual(variablesToExport(endpoint, env), expected));
});
