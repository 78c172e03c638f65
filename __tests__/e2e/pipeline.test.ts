// The whole pipeline of the bundled action on the testbed's real engine and registry.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Environment } from '../../src/detect/environment.js';
import { Job, repoRoot } from '../helpers/action-runner.js';
import { checkFreeSpace, createdContainers, testContainerOf } from '../helpers/scenario-checks.js';
import {
  containerExists,
  docker,
  dockerHost,
  probeContainer,
  eventAt,
  eventTime,
  randomSha,
  registryDigest,
  registryTags,
  withoutCacheTags,
  uniqueRepository,
} from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');

function pushJob(image: string, sha: string, extraInputs: Record<string, string> = {}, event = 'push'): Job {
  return new Job({
    inputs: { image, context: sampleApp, 'test-command': '/test/run.sh', ...extraInputs },
    env: {
      DOCKER_HOST: dockerHost(),
      GITHUB_SHA: sha,
      GITHUB_REF: event === 'push' ? 'refs/heads/main' : 'refs/pull/7/merge',
      GITHUB_HEAD_REF: event === 'push' ? '' : 'feature/x',
      GITHUB_EVENT_NAME: event,
      GITHUB_ACTIONS: 'true',
    },
    event: { repository: { default_branch: 'main' } },
  });
}

/** The plain case: the testbed engine's socket, seen as a self-hosted GitHub runner's. */
function assertHostSocketEnvironment(json: string, summary: string): void {
  const environment = JSON.parse(json) as Environment;
  assert.deepEqual(environment.ci, {
    kind: 'github-self-hosted',
    vendor: 'GitHub Actions',
    detail: 'runner kind not given (RUNNER_ENVIRONMENT unset)',
  });
  assert.deepEqual([environment.daemon.host, environment.daemon.source], [dockerHost(), 'DOCKER_HOST']);
  assert.equal(environment.daemon.certPath, undefined);
  const version = docker(
    'version',
    '--format',
    '{{.Client.Version}} {{.Server.Version}} {{.Server.APIVersion}}',
  );
  assert.equal(
    [environment.daemon.clientVersion, environment.daemon.serverVersion, environment.daemon.apiVersion].join(
      ' ',
    ),
    version.trim(),
  );
  assert.equal(environment.daemon.storageDriver, docker('info', '--format', '{{.Driver}}').trim());
  assert.deepEqual(
    environment.builder,
    {
      kind: 'buildkit',
      buildx: { name: 'default', driver: 'docker' },
      imageStore: 'classic',
      cacheExport: false,
    },
    "buildx's docker driver on the classic store: BuildKit with inline caches, no cache export",
  );
  assert.equal(environment.workspace.visible, true, 'the engine on this machine sees the workspace');
  const compose = docker('compose', 'version', '--short').trim();
  assert.deepEqual(environment.compose, { kind: 'plugin', version: compose }, 'compose v2, the CLI plugin');
  assert.equal(environment.workspace.bindMounts, true);
  assert.ok((environment.disk.freeBytes ?? 0) > 0, 'free space measured');
  assert.match(
    summary,
    /<td>free space from<\/td><td>statfs of the daemon(?:'|&#39;)s data root \(\/[^<]+\)<\/td>/,
  );
  assert.deepEqual(environment.exported, {}, 'DOCKER_HOST came from the job and is not exported again');
  assert.ok(environment.seconds < 5, `detection took ${environment.seconds} s`);
  assert.match(summary, /<h3>Environment<\/h3>/);
  assert.match(
    summary,
    // Any local busybox serves; which one depends on what earlier jobs left on the engine.
    /<td>daemon sees the workspace<\/td><td>yes \(probed with (?:[^<]*\/)?busybox:[^<]+\)<\/td>/,
  );
  assert.ok(!environment.warnings.some((warning) => /probe/.test(warning)), 'the probe was removed');
}

describe('pipeline on a real engine', () => {
  it('builds, tests, copies the reports out and pushes the tags on a push to the default branch', async () => {
    const image = uniqueRepository('pass');
    const sha = randomSha();
    const job = pushJob(image, sha);
    const since = eventTime();
    const main = await job.main();
    const until = eventTime();
    assert.equal(main.exitCode, 0, main.log);
    // the engine is on this machine: free space is read from its data root, the probe never started
    checkFreeSpace(main, 'data root', since, until);
    // detection's slow parts wait for the build, so as not to share the cores with it
    const built = eventAt('image', `${image}:sha-${sha.slice(0, 7)}`, 'tag', since, until);
    const probeMade = eventAt('container', probeContainer(main.log), 'create', since, until);
    assert.ok(probeMade > built, 'the probe was created after the build tagged the image');

    const short = sha.slice(0, 7);
    const expected = [`${image}:sha-${short}`, `${image}:main`, `${image}:latest`];
    assert.deepEqual(main.outputs.tags?.split('\n'), expected);
    assert.match(main.outputs['image-id'] ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.equal(main.outputs['test-exit-code'], '0');
    assert.match(main.outputs['cache-hits'] ?? '', /^\d+\/[1-9]\d*$/);
    assert.equal(main.outputs['docker-host'], dockerHost());
    assertHostSocketEnvironment(main.outputs.environment ?? '{}', main.summary);
    // the ping went out while main's code loaded, and detection took its answer
    assert.ok(main.log.includes('::debug::ping: the answer to the ping asked while the step loaded'));

    const artifacts = main.outputs['artifacts-dir'] ?? '';
    assert.equal(artifacts, path.join(job.workspace, 'berth-artifacts'));
    assert.match(readFileSync(path.join(artifacts, 'junit.xml'), 'utf8'), /tests="2" failures="0"/);
    assert.ok(existsSync(path.join(artifacts, 'logs', 'test.log')));

    assert.deepEqual(withoutCacheTags(await registryTags(image)), ['latest', 'main', `sha-${short}`]);
    assert.match(main.outputs.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.equal(await registryDigest(image, 'latest'), main.outputs.digest);

    for (const phase of ['detect', 'build', 'test', 'artifacts', 'push']) {
      assert.match(main.log, new RegExp(`${phase}: done in \\d+\\.\\d s`));
      assert.match(main.summary, new RegExp(`<td>${phase}</td><td>\\d+\\.\\d s</td><td>✅ ok</td>`));
    }
    assert.match(main.summary, /2 files/);
    assert.ok(
      main.log.indexOf('artifacts: done in') > main.log.indexOf('push: done in'),
      'the reports were copied out beside the push, and their phase is written after it',
    );
    assert.match(main.summary, new RegExp(main.outputs.digest ?? 'no digest'));

    const container = testContainerOf(main.log);
    assert.match(main.log, new RegExp(`test: removed ${container}`));
    assert.ok(!containerExists(container), 'main removed the test container once the reports were out');
    assert.deepEqual(createdContainers(main.state), [], 'nothing is left for post');
    const post = await job.post();
    assert.equal(post.exitCode, 0, post.log);
    assert.doesNotMatch(post.log, /warning/);
  });

  it('fails on a failing test command, still copies the reports, pushes nothing and cleans up', async () => {
    const image = uniqueRepository('fail');
    const job = pushJob(image, randomSha(), { 'test-env': 'SAMPLE_FAIL=1' });
    const main = await job.main();
    assert.equal(main.exitCode, 1);
    assert.match(main.log, /::error::test-command failed with exit code 1/);
    assert.equal(main.outputs['test-exit-code'], '1');
    const junit = readFileSync(path.join(main.outputs['artifacts-dir'] ?? '', 'junit.xml'), 'utf8');
    assert.match(junit, /tests="3" failures="1"/);
    assert.deepEqual(await registryTags(image), []);
    assert.equal(main.outputs.digest, undefined);
    assert.match(
      main.summary,
      /<td>push<\/td><td>0\.0 s<\/td><td>⏭️ skipped<\/td><td>the tests failed<\/td>/,
    );

    assert.ok(!containerExists(testContainerOf(main.log)), 'main removed the failed test container');
    assert.deepEqual(createdContainers(main.state), []);
    const post = await job.post();
    assert.equal(post.exitCode, 0, post.log);
  });

  it('never pushes a pull request with push: auto', async () => {
    const image = uniqueRepository('pr');
    const job = pushJob(image, randomSha(), {}, 'pull_request');
    const main = await job.main();
    assert.equal(main.exitCode, 0, main.log);
    assert.deepEqual(
      main.outputs.tags
        ?.split('\n')
        .map((ref) => ref.split(':').pop())
        .slice(1),
      ['pr-7'],
    );
    assert.deepEqual(await registryTags(image), []);
    assert.match(main.log, /push: skipped, push is auto and this is a pull_request run/);
    await job.post();
  });

  it('with no test-command builds and pushes; a v1.2.3 tag gives the version tags', async () => {
    const image = uniqueRepository('release');
    const sha = randomSha();
    const job = new Job({
      inputs: { image, context: sampleApp },
      env: {
        DOCKER_HOST: dockerHost(),
        GITHUB_SHA: sha,
        GITHUB_REF: 'refs/tags/v1.2.3',
        GITHUB_EVENT_NAME: 'push',
      },
    });
    const main = await job.main();
    assert.equal(main.exitCode, 0, main.log);
    assert.deepEqual(withoutCacheTags(await registryTags(image)), [
      '1',
      '1.2',
      '1.2.3',
      'latest',
      `sha-${sha.slice(0, 7)}`,
    ]);
    assert.equal(main.outputs['test-exit-code'], undefined);
    assert.equal(main.outputs['artifacts-dir'], undefined);
    assert.match(main.log, /test: skipped, no test-command given/);
    assert.deepEqual(createdContainers(main.state), []);
    assert.equal((await job.post()).exitCode, 0);
  });

  it('with no image only detects the daemon', async () => {
    const job = new Job({ inputs: {}, env: { DOCKER_HOST: dockerHost() } });
    const main = await job.main();
    assert.equal(main.exitCode, 0, main.log);
    assert.equal(main.outputs['docker-host'], dockerHost());
    assert.equal(
      JSON.parse(main.outputs.environment ?? '{}').daemon.serverVersion,
      docker('version', '--format', '{{.Server.Version}}').trim(),
    );
    assert.equal(main.outputs['image-id'], undefined);
    assert.match(
      main.summary,
      /<td>build<\/td><td>0\.0 s<\/td><td>⏭️ skipped<\/td><td>no image given: detect and set up only<\/td>/,
    );
    assert.equal((await job.post()).exitCode, 0);
  });
});
