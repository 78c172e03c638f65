// Jobs in a container beside the testbed engine, with its socket bound at /var/run/docker.sock (act, a
// self-hosted runner in a container): one run of the bundled action's main and post steps on the sample
// app, checked the same way in every scenario.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { repoRoot, type StepResult } from './action-runner.js';
import { JobContainer, type JobContainerOptions } from './job-container.js';
import {
  checkEnvironment,
  checkPipeline,
  checkPushed,
  checkReports,
  createdContainers,
  testContainerOf,
} from './scenario-checks.js';
import { dockerOk, type Scope } from './scope.js';
import { docker, dockerHost, eventTime, randomSha, uniqueRepository } from './testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');

export type SocketJobOptions = Pick<
  JobContainerOptions,
  'label' | 'image' | 'workspace' | 'workspaceOnHost' | 'actionDir' | 'stepsDir' | 'env'
> & {
  /** Runs after the checkout, before main. */
  prepare?: (job: JobContainer) => void;
  /** The inputs (an example's): `image` is the repository pushed to; default the sample app's alone. */
  inputs?: Record<string, string>;
};

/** Main's result, and the engine's clock (eventTime) just before and after it ran. */
export interface SocketJobRun {
  main: StepResult;
  since: string;
  until: string;
}

/**
 * Runs main and post on a push to main in a job container on the host's network, the engine's socket
 * bound in, pushing to the testbed registry; checks the pipeline, the environment (the default socket,
 * the engine's storage driver, Debian's client with BuildKit), the reports in the job's workspace, the
 * pushed tags, main's removal of its test container, and post.
 */
export async function runSocketJob(scope: Scope, options: SocketJobOptions): Promise<SocketJobRun> {
  const repository = options.inputs?.image ?? uniqueRepository(options.label);
  const sha = randomSha();
  const socket = dockerHost().replace(/^unix:\/\//, '');
  const job = new JobContainer(scope, {
    ...options,
    label: `${options.label}-job`,
    network: 'host',
    // /var/run is a link to /run in the Debian image: the socket is bound at the link's target, where the
    // job sees it as /var/run/docker.sock all the same. (Bound through the link, engine 28 refuses every
    // `docker cp` into the container: "mkdirat var/run: path escapes from parent".)
    runArgs: ['--volume', `${socket}:/run/docker.sock`],
    event: { repository: { default_branch: 'main' } },
    env: {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_EVENT_PATH: path.posix.join(options.stepsDir, 'event.json'),
      GITHUB_EVENT_NAME: 'push',
      GITHUB_SHA: sha,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: 'acme/sample-app',
      RUNNER_OS: 'Linux',
      LANG: 'C.UTF-8',
      ...options.env,
    },
    inputs: options.inputs ?? { image: repository, 'test-command': '/test/run.sh' },
  });
  job.checkout(sampleApp);
  options.prepare?.(job);

  const since = eventTime();
  const main = await job.main();
  const until = eventTime();
  scope.adopt(createdContainers(main.state));
  checkPipeline(main);
  checkEnvironment(main, {
    host: 'unix:///var/run/docker.sock',
    source: 'default socket',
    storageDriver: docker('info', '--format', '{{.Driver}}').trim(),
    builder: 'buildkit',
  });
  checkReports(job, main, options.workspace);
  await checkPushed(repository, sha);

  const container = testContainerOf(main.log);
  assert.equal(dockerOk(['ps', '--all', '--quiet', '--filter', `name=^${container}$`]).trim(), '');
  const post = await job.post();
  assert.equal(post.exitCode, 0, post.log);
  return { main, since, until };
}
