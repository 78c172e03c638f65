// Services from a job container beside the engine (act, a runner in a container): compose runs in the
// job, the services and the tests on the engine. Where the engine cannot see the workspace (a volume),
// a bind mount of the compose file is refused with an error that says so; where it can (the runner's
// folder bound at the same path), the bind mount works.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../helpers/action-runner.js';
import { JobContainer } from '../helpers/job-container.js';
import { createdContainers } from '../helpers/scenario-checks.js';
import { debianImage, Scope } from '../helpers/scope.js';
import { dockerHost, randomSha, uniqueRepository } from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');

/** An HTTP service serving /www; with `bound`, /www is the workspace's www folder. */
function composeFile(bound: boolean): string {
  const serve = bound
    ? 'exec httpd -f -p 8080 -h /www'
    : 'mkdir -p /www && echo pong > /www/ping && exec httpd -f -p 8080 -h /www';
  return [
    'services:',
    '  api:',
    '    image: busybox',
    `    command: ["sh", "-c", "${serve}"]`,
    '    stop_signal: SIGKILL',
    ...(bound ? ['    volumes: ["../www:/www:ro"]'] : []),
    '    healthcheck:',
    '      test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:8080/ping"]',
    '      interval: 1s',
    '      retries: 5',
    '',
  ].join('\n');
}

describe('services from a job container beside the engine', () => {
  const scope = new Scope();
  let image = '';
  before(() => {
    image = debianImage();
  });
  after(() => assert.deepEqual(scope.cleanup(), [], 'everything the scenario created was removed'));

  function job(label: string, workspace: string, bound: boolean, onHost = false): JobContainer {
    const socket = dockerHost().replace(/^unix:\/\//, '');
    const stepsDir = '/run/act/workflow';
    const container = new JobContainer(scope, {
      label,
      image,
      network: 'host',
      workspace,
      workspaceOnHost: onHost,
      actionDir: '/run/act/actions/berth',
      stepsDir,
      runArgs: ['--volume', `${socket}:/run/docker.sock`],
      env: {
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        ACT: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_EVENT_PATH: `${stepsDir}/event.json`,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_SHA: randomSha(),
        GITHUB_REF: 'refs/heads/main',
        RUNNER_TEMP: '/tmp',
      },
      event: {},
      inputs: {
        image: uniqueRepository(label),
        'test-command': 'wget -q -O- http://api:8080/ping | grep -x pong',
        'compose-file': 'ci/compose.yaml',
        cache: 'none',
      },
    });
    container.checkout(sampleApp);
    container.exec('mkdir', '-p', `${workspace}/ci`, `${workspace}/www`);
    container.copyIn(composeFile(bound), `${workspace}/ci/compose.yaml`);
    container.copyIn('pong\n', `${workspace}/www/ping`);
    return container;
  }

  it('workspace on a volume: services without bind mounts work; a bind mount is refused, saying why', async () => {
    const workspace = `/home/act-${randomBytes(4).toString('hex')}/app`;
    const green = job('svc-volume', workspace, false);
    const main = await green.main();
    scope.adopt(createdContainers(main.state));
    assert.equal(main.exitCode, 0, main.log);
    assert.match(main.summary, /<td>services<\/td><td>[\d.]+ s<\/td><td>✅ ok<\/td><td>api on /);
    assert.equal((await green.post()).exitCode, 0);

    const refused = job('svc-bind', workspace, true);
    const red = await refused.main();
    scope.adopt(createdContainers(red.state));
    assert.equal(red.exitCode, 1, red.log);
    assert.match(
      red.log,
      new RegExp(
        `^::error::compose-file: service api binds ${workspace}/www, which the daemon cannot see \\(.*\\); the daemon runs elsewhere than this job: build the files into an image, or use a named volume$`,
        'm',
      ),
    );
    assert.equal((await refused.post()).exitCode, 0);
  });

  it("the runner's folder bound at the same path: the bind mount reaches the service", async () => {
    const workspace = scope.tempDir('svc-host');
    mkdirSync(workspace, { recursive: true });
    const bound = job('svc-host', workspace, true, true);
    const main = await bound.main();
    scope.adopt(createdContainers(main.state));
    assert.equal(main.exitCode, 0, main.log);
    assert.match(main.summary, /<td>services<\/td><td>[\d.]+ s<\/td><td>✅ ok<\/td>/);
    assert.equal((await bound.post()).exitCode, 0);
  });
});
