// The early answers: detection takes one only for the very command, variables and PATH it was asked
// with, once; setup forgets them. The ping goes to a socket that does not exist, so it fails fast.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { askEarly, BUILDX_INSPECT, earlyAnswer, forgetEarly, INFO, PING } from '../../../src/detect/early.js';

const HOST = 'unix:///nonexistent/berth-early.sock';
const asked = { DOCKER_HOST: HOST, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' };

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

  it('asks the builder and the image store of the same daemon', () => {
    askEarly('', { DOCKER_HOST: HOST, PATH: process.env.PATH });
    assert.ok(earlyAnswer(BUILDX_INSPECT, asked), 'the buildx builder, with the endpoint of the ping');
    assert.ok(earlyAnswer(INFO, asked), 'docker info (the image store), likewise');
    forgetEarly();
  });
});
