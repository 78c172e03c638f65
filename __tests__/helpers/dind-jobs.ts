// GitLab and CircleCI jobs against a docker-in-docker daemon: the CI's variables, and one run of the
// bundled action's main and post steps on the sample app, checked the same way in every scenario.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { repoRoot, type StepResult } from './action-runner.js';
import { dindDocker, type Dind } from './dind.js';
import { JobContainer } from './job-container.js';
import { checkPipeline, checkReports, createdContainers, testContainerOf } from './scenario-checks.js';
import { dockerSync, type Scope } from './scope.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');

/** A GitLab docker-executor job on a branch pipeline of the default branch. */
export function gitlabVariables(sha: string, extra: Record<string, string>): Record<string, string> {
  return {
    CI: 'true',
    GITLAB_CI: 'true',
    CI_SERVER: 'yes',
    CI_PROJECT_DIR: '/builds/group/project',
    CI_PROJECT_PATH: 'group/project',
    CI_COMMIT_SHA: sha,
    CI_COMMIT_REF_NAME: 'main',
    CI_COMMIT_BRANCH: 'main',
    CI_DEFAULT_BRANCH: 'main',
    CI_PIPELINE_SOURCE: 'push',
    CI_DISPOSABLE_ENVIRONMENT: 'true',
    CI_JOB_ID: '4242',
    ...extra,
  };
}

/** A CircleCI docker-executor job on main, with the variables setup_remote_docker adds in `extra`. */
export function circleciVariables(sha: string, extra: Record<string, string>): Record<string, string> {
  return {
    CI: 'true',
    CIRCLECI: 'true',
    CIRCLE_SHA1: sha,
    CIRCLE_BRANCH: 'main',
    CIRCLE_BUILD_NUM: '42',
    CIRCLE_JOB: 'image',
    CIRCLE_WORKFLOW_ID: '6d5b4c1e-0000-4000-8000-000000000001',
    CIRCLE_PROJECT_USERNAME: 'acme',
    CIRCLE_PROJECT_REPONAME: 'sample-app',
    CIRCLE_WORKING_DIRECTORY: '/root/project',
    ...extra,
  };
}

export interface DindJobOptions {
  label: string;
  image: string;
  env: Record<string, string>;
  runArgs?: string[];
  /** Runs after the checkout, before main (copying certificates in ...). */
  prepare?: (job: JobContainer) => void;
}

/**
 * Runs main and post in a job container on the dind's network, pushing to the dind's registry, and
 * checks the pipeline, the reports in the job's workspace and post's cleanup on the dind daemon.
 * Returns main's result and the pushed repository as the tests reach it.
 */
export async function runDindJob(
  scope: Scope,
  dind: Dind,
  options: DindJobOptions,
): Promise<{ main: StepResult; repository: string }> {
  const workspace = options.env.CI_PROJECT_DIR ?? options.env.CIRCLE_WORKING_DIRECTORY ?? '/builds/project';
  const name = `e2e/${options.label}-${randomBytes(4).toString('hex')}`;
  const job = new JobContainer(scope, {
    label: options.label,
    image: options.image,
    network: dind.network,
    workspace,
    env: options.env,
    runArgs: options.runArgs ?? [],
    actionDir: '/opt/berth',
    stepsDir: '/var/lib/berth-steps',
    inputs: { image: `${dind.registry.inside}/${name}`, 'test-command': '/test/run.sh' },
  });
  job.checkout(sampleApp);
  options.prepare?.(job);
  const seen = dockerSync(['exec', dind.container, 'test', '-e', workspace]);
  assert.notEqual(seen.exitCode, 0, `the dind daemon's filesystem has no ${workspace}`);

  const main = await job.main();
  checkPipeline(main);
  checkReports(job, main, workspace);
  const container = testContainerOf(main.log);
  assert.equal(dindDocker(dind, 'ps', '--all', '--quiet', '--filter', `name=^${container}$`).trim(), '');
  assert.deepEqual(createdContainers(main.state), [], 'main removed its test container');
  const post = await job.post();
  assert.equal(post.exitCode, 0, post.log);
  return { main, repository: `${dind.registry.outside}/${name}` };
}
