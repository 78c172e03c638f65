// A self-hosted runner in a container: the engine's socket bound in, and the runner's work folder bound
// at the same path as on the engine's host, so the daemon sees the workspace. The engine's data root is
// not in the runner's file system, so free space is read by starting the probe (df), not by statfs.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Environment } from '../../src/detect/environment.js';
import { checkFreeSpace } from '../helpers/scenario-checks.js';
import { debianImage, Scope } from '../helpers/scope.js';
import { runSocketJob } from '../helpers/socket-jobs.js';
import { docker } from '../helpers/testbed.js';

describe('a self-hosted runner in a container, work folder bound at the same path', () => {
  const scope = new Scope();
  let image = '';
  before(() => {
    image = debianImage();
  });
  after(() => assert.deepEqual(scope.cleanup(), [], 'everything the scenario created was removed'));

  it('sees the workspace, reads free space with df in the probe, runs the pipeline', async () => {
    const workspace = path.join(scope.tempDir('runner-work'), 'sample-app', 'sample-app');
    const rootDir = docker('info', '--format', '{{.DockerRootDir}}').trim();
    const { main, since, until } = await runSocketJob(scope, {
      label: 'runner',
      image,
      workspace,
      workspaceOnHost: true,
      actionDir: '/runner/_work/_actions/berth',
      stepsDir: '/runner/_work/_temp/_runner_file_commands',
      env: { RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_TEMP: '/runner/_work/_temp' },
      prepare: (job) =>
        assert.equal(
          job.exec('sh', '-c', `test -e '${rootDir}' && echo there || echo absent`).trim(),
          'absent',
          `the runner's file system has no ${rootDir}`,
        ),
    });
    const environment = JSON.parse(main.outputs.environment ?? '{}') as Environment;
    assert.equal(environment.ci.kind, 'github-self-hosted');
    assert.equal(environment.workspace.visible, true, 'the daemon sees the work folder bound at its path');
    assert.equal(environment.workspace.bindMounts, true);
    checkFreeSpace(main, 'probe', since, until);
    assert.match(main.summary, /<td>free space from<\/td><td>df in the probe container<\/td>/);
    assert.ok(
      existsSync(path.join(workspace, 'berth-artifacts', 'junit.xml')),
      'the reports are on the host too',
    );
  });
});
