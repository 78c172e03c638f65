// act: the job runs in a container with the engine's socket bound at /var/run/docker.sock and the
// workspace on a volume at the path of the user's checkout, which the engine's host does not have.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../helpers/action-runner.js';
import { JobContainer } from '../helpers/job-container.js';
import {
  checkCiAndVisibility,
  checkEnvironment,
  checkPipeline,
  checkPushed,
  checkReports,
  createdContainers,
  testContainerOf,
} from '../helpers/scenario-checks.js';
import { debianImage, dockerOk, Scope } from '../helpers/scope.js';
import { docker, dockerHost, randomSha, uniqueRepository } from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');
// act mounts the workspace at the host's path of the checkout; this one is on another machine.
const workspace = `/home/act-${randomBytes(4).toString('hex')}/sample-app`;
const ACT_DIR = '/var/run/act';

describe('act: a job container beside the engine, workspace on a volume', () => {
  const scope = new Scope();
  let image = '';
  before(() => {
    image = debianImage();
  });
  after(() => assert.deepEqual(scope.cleanup(), [], 'everything the scenario created was removed'));

  it('runs the whole pipeline and the job reads the reports from its own workspace', async () => {
    assert.ok(!existsSync(workspace), `the engine's host has no ${workspace}`);
    const repository = uniqueRepository('act');
    const sha = randomSha();
    const socket = dockerHost().replace(/^unix:\/\//, '');
    const job = new JobContainer(scope, {
      label: 'act-job',
      image,
      network: 'host',
      workspace,
      runArgs: ['--volume', `${socket}:/var/run/docker.sock`],
      actionDir: `${ACT_DIR}/actions/berth`,
      stepsDir: `${ACT_DIR}/workflow`,
      event: { repository: { default_branch: 'main' } },
      env: {
        ACT: 'true',
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_EVENT_PATH: `${ACT_DIR}/workflow/event.json`,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_SHA: sha,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_REF_NAME: 'main',
        GITHUB_REF_TYPE: 'branch',
        GITHUB_REPOSITORY: 'acme/sample-app',
        GITHUB_ACTOR: 'nektos/act',
        GITHUB_RUN_ID: '1',
        GITHUB_RUN_NUMBER: '1',
        GITHUB_RETENTION_DAYS: '0',
        RUNNER_TEMP: '/tmp',
        RUNNER_TOOL_CACHE: '/opt/hostedtoolcache',
        RUNNER_OS: 'Linux',
        RUNNER_ARCH: 'X64',
        LANG: 'C.UTF-8',
      },
      inputs: { image: repository, 'test-command': '/test/run.sh' },
    });
    job.checkout(sampleApp);

    const main = await job.main();
    scope.adopt(createdContainers(main.state));
    checkPipeline(main);
    checkEnvironment(main, {
      host: 'unix:///var/run/docker.sock',
      source: 'default socket',
      storageDriver: docker('info', '--format', '{{.Driver}}').trim(),
      builder: 'buildkit',
    });
    checkReports(job, main, workspace);
    await checkPushed(repository, sha);
    assert.ok(!existsSync(path.join(workspace, 'berth-artifacts')), 'nothing was written on the host');

    const container = testContainerOf(main.log);
    assert.equal(dockerOk(['ps', '--all', '--quiet', '--filter', `name=^${container}$`]).trim(), '');
    const post = await job.post();
    assert.equal(post.exitCode, 0, post.log);
    checkCiAndVisibility(main, 'act');
  });
});
