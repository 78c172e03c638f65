// act: the job runs in a container with the engine's socket bound at /var/run/docker.sock and the
// workspace on a volume at the path of the user's checkout, which the engine's host does not have.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkCiAndVisibility } from '../helpers/scenario-checks.js';
import { debianImage, Scope } from '../helpers/scope.js';
import { runSocketJob } from '../helpers/socket-jobs.js';

// act mounts the workspace at the host's path of the checkout; this one is on another machine.
const workspace = `/home/act-${randomBytes(4).toString('hex')}/sample-app`;
// act's /var/run/act, at the target of the image's /var/run -> /run link: mounted through the link,
// engine 28 refuses every `docker cp` into the container ("path escapes from parent")
const ACT_DIR = '/run/act';

describe('act: a job container beside the engine, workspace on a volume', () => {
  const scope = new Scope();
  let image = '';
  before(() => {
    image = debianImage();
  });
  after(() => assert.deepEqual(scope.cleanup(), [], 'everything the scenario created was removed'));

  it('runs the whole pipeline and the job reads the reports from its own workspace', async () => {
    assert.ok(!existsSync(workspace), `the engine's host has no ${workspace}`);
    const { main } = await runSocketJob(scope, {
      label: 'act',
      image,
      workspace,
      actionDir: `${ACT_DIR}/actions/berth`,
      stepsDir: `${ACT_DIR}/workflow`,
      env: {
        ACT: 'true',
        GITHUB_REF_NAME: 'main',
        GITHUB_REF_TYPE: 'branch',
        GITHUB_ACTOR: 'nektos/act',
        GITHUB_RUN_ID: '1',
        GITHUB_RUN_NUMBER: '1',
        GITHUB_RETENTION_DAYS: '0',
        RUNNER_TEMP: '/tmp',
        RUNNER_TOOL_CACHE: '/opt/hostedtoolcache',
        RUNNER_ARCH: 'X64',
      },
    });
    assert.ok(!existsSync(path.join(workspace, 'berth-artifacts')), 'nothing was written on the host');
    checkCiAndVisibility(main, 'act');
  });
});
