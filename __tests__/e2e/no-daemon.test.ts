// No daemon anywhere: the bundled action fails within seconds with advice for the CI it found itself in.
// Nothing is contacted: the endpoints are sockets in the job's folder that nothing listens on, and a
// closed port on 127.0.0.1.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Job, tempDir } from '../helpers/action-runner.js';

interface Row {
  name: string;
  env: (dir: string) => Record<string, string>;
  message: RegExp;
}

const rows: Row[] = [
  {
    name: 'a machine without DOCKER_HOST or socket',
    env: () => ({}),
    message:
      /No Docker daemon answers \(none\): DOCKER_HOST is unset, no docker context is current and no daemon socket exists\. Start a Docker daemon, or set DOCKER_HOST/,
  },
  {
    name: 'act without the socket bound',
    env: () => ({ ACT: 'true', GITHUB_ACTIONS: 'true', CI: 'true' }),
    message: /No Docker daemon answers \(act\): .*--container-daemon-socket \/var\/run\/docker\.sock/,
  },
  {
    name: 'GitLab with a DOCKER_HOST nothing listens on',
    env: (dir) => ({ GITLAB_CI: 'true', CI: 'true', DOCKER_HOST: `unix://${dir}/gone.sock` }),
    message:
      /No Docker daemon answers \(GitLab CI\): tried unix:\/\/.*gone\.sock \(DOCKER_HOST\): .*docker:dind.*DOCKER_TLS_CERTDIR/,
  },
  {
    name: 'CircleCI with a remote docker that is gone and a cert path without certificates',
    env: (dir) => ({
      CIRCLECI: 'true',
      CI: 'true',
      DOCKER_HOST: 'tcp://127.0.0.1:1',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: path.join(dir, 'docker-certs1'),
    }),
    message:
      /No Docker daemon answers \(CircleCI\): .*not tried: DOCKER_HOST tcp:\/\/127\.0\.0\.1:1: DOCKER_TLS_VERIFY is set but .*docker-certs1 lacks ca\.pem, cert\.pem, key\.pem.*setup_remote_docker/,
  },
];

describe('no daemon', () => {
  it('needs a machine without a daemon socket of its own', () =>
    assert.ok(
      !existsSync('/var/run/docker.sock'),
      'this machine has /var/run/docker.sock; these tests would reach it',
    ));

  for (const row of rows) {
    it(`fails fast with advice: ${row.name}`, async () => {
      const dir = tempDir('nodaemon');
      const job = new Job({
        inputs: { image: 'registry.example.com/acme/shop' },
        env: { HOME: dir, ...row.env(dir) },
      });
      // the inputs are valid (there is a Dockerfile): only the daemon is missing
      writeFileSync(path.join(job.workspace, 'Dockerfile'), 'FROM busybox\n');
      const started = Date.now();
      const main = await job.main();
      const seconds = (Date.now() - started) / 1000;
      assert.equal(main.exitCode, 1, main.log);
      assert.ok(seconds < 10, `failed after ${seconds} s`);
      const error = main.log.split('\n').find((line) => line.startsWith('::error::')) ?? '';
      assert.match(error, row.message);
      assert.match(main.summary, /<td>detect<\/td><td>\d+\.\d s<\/td><td>❌ failed<\/td>/);
      assert.equal(main.outputs['docker-host'], undefined);
    });
  }
});
