// The early answers: detection takes one only for the very command, variables and PATH it was asked
// with, once; setup forgets them. The ping goes to a socket that does not exist, so it fails fast.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  askEarly,
  BUILDX_INSPECT,
  buildxUntouched,
  earlyAnswer,
  forgetEarly,
  INFO,
  PING,
} from '../../../src/detect/early.js';
import { fakeFiles } from '../../helpers/fake-files.js';

const HOST = 'unix:///nonexistent/berth-early.sock';
const asked = { DOCKER_HOST: HOST, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' };
const NONE = '/nonexistent/berth-early-config';

describe('early answers', () => {
  it('answers the same ping once, and nothing else', async () => {
    askEarly('', { DOCKER_HOST: HOST, DOCKER_BUILDKIT: '0', PATH: process.env.PATH });
    assert.equal(earlyAnswer(PING, { ...asked, DOCKER_HOST: 'unix:///other.sock' }), undefined);
    assert.equal(earlyAnswer(BUILDX_INSPECT, asked), undefined, 'DOCKER_BUILDKIT=0: buildx is not asked');
    assert.equal(earlyAnswer(INFO, asked), undefined, 'nor docker info');
    const answer = earlyAnswer(PING, asked);
    assert.ok(answer, 'the ping with the same variables was asked');
    assert.notEqual((await answer).exitCode, 0, 'no daemon there');
    assert.equal(earlyAnswer(PING, asked), undefined, 'taken once');
  });

  it('gives nothing once PATH changed (another client) or after forgetEarly', () => {
    const path = process.env.PATH;
    askEarly('', { DOCKER_HOST: HOST, DOCKER_BUILDKIT: '0' });
    try {
      process.env.PATH = `/opt/other-docker/bin:${path ?? ''}`;
      assert.equal(earlyAnswer(PING, asked), undefined);
    } finally {
      process.env.PATH = path;
    }
    forgetEarly();
    assert.equal(earlyAnswer(PING, asked), undefined);
  });

  it('asks the docker-host input first', () => {
    askEarly('tcp://127.0.0.1:1', { DOCKER_HOST: HOST, DOCKER_BUILDKIT: '0' });
    const input = { DOCKER_HOST: 'tcp://127.0.0.1:1', DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' };
    assert.ok(earlyAnswer(PING, input), 'the input is the first candidate');
    assert.equal(earlyAnswer(PING, asked), undefined);
    forgetEarly();
  });

  it('asks the builder and the image store of the same daemon, where buildx may use another builder', () => {
    askEarly('', { DOCKER_HOST: HOST, PATH: process.env.PATH, BUILDX_BUILDER: 'ci', DOCKER_CONFIG: NONE });
    assert.ok(earlyAnswer(BUILDX_INSPECT, asked), 'the buildx builder, with the endpoint of the ping');
    assert.ok(earlyAnswer(INFO, asked), 'docker info (the image store), likewise');
    forgetEarly();
  });

  it('does not ask buildx where it can only use its default builder (docker info lists buildx)', () => {
    askEarly('', { DOCKER_HOST: HOST, PATH: process.env.PATH, DOCKER_CONFIG: NONE });
    assert.equal(earlyAnswer(BUILDX_INSPECT, asked), undefined);
    assert.ok(earlyAnswer(INFO, asked), 'docker info: the plugins and the image store');
    forgetEarly();
  });
});

describe('buildxUntouched: only the default builder is possible', () => {
  const config = '/home/runner/.docker';
  const env = { HOME: '/home/runner' };
  const unchosen = JSON.stringify({ Key: 'unix:///var/run/docker.sock', Name: '', Global: false });
  const chosen = JSON.stringify({ Key: 'unix:///var/run/docker.sock', Name: 'ci', Global: false });
  const rows: [string, Record<string, string>, Record<string, string>, boolean][] = [
    ['no docker config at all', env, {}, true],
    ['buildx ran, and chose nothing', env, { [`${config}/buildx/current`]: unchosen }, true],
    ['a builder made current (buildx create --use)', env, { [`${config}/buildx/current`]: chosen }, false],
    [
      'a builder chosen for every endpoint (buildx use --global)',
      env,
      { [`${config}/buildx/current`]: JSON.stringify({ Key: '', Name: 'ci', Global: true }) },
      false,
    ],
    [
      'a builder chosen for another endpoint: asked all the same',
      env,
      {
        [`${config}/buildx/current`]: JSON.stringify({ Key: 'tcp://other:2376', Name: 'ci', Global: false }),
      },
      false,
    ],
    [
      'a default builder for a context (buildx use --default)',
      env,
      { [`${config}/buildx/defaults/k`]: 'ci' },
      false,
    ],
    ['BUILDX_BUILDER', { ...env, BUILDX_BUILDER: 'ci' }, {}, false],
    ['a context other than the default one', { ...env, DOCKER_CONTEXT: 'remote' }, {}, false],
    ['the default context by name', { ...env, DOCKER_CONTEXT: 'default' }, {}, true],
    [
      'a current context in config.json',
      env,
      { [`${config}/config.json`]: '{"currentContext":"remote"}' },
      false,
    ],
    ['a config.json docker cannot read', env, { [`${config}/config.json`]: '{' }, false],
    ['DOCKER_CONFIG', { DOCKER_CONFIG: '/cfg' }, { '/cfg/buildx/current': chosen }, false],
    ['BUILDX_CONFIG', { ...env, BUILDX_CONFIG: '/bx' }, { '/bx/current': chosen }, false],
    ['a current file that is not JSON', env, { [`${config}/buildx/current`]: 'ci' }, false],
  ];
  for (const [name, given, files, expected] of rows)
    it(name, () => assert.equal(buildxUntouched(given, fakeFiles(files)), expected));
});
