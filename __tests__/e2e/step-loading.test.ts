// Each step loads only its own chunks of the bundle: post never reads main's code, the install
// pipeline or @actions/cache, and a post with nothing to undo reads the entry file alone. Observed
// with a module hook (helpers/load-log.ts) that logs every file node loads.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundle, Job, repoRoot, tempDir, type JobOptions } from '../helpers/action-runner.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { docker, dockerHost, pushToMain, uniqueRepository } from '../helpers/testbed.js';

const dist = path.dirname(bundle);
const hook = fileURLToPath(new URL('../helpers/load-log.js', import.meta.url));

/** Text only the named code has, to find the chunk that holds it. */
const MARKERS = {
  main: 'no image given: detect and set up only',
  install: '.berth-install.json',
  actionsCache: '"name":"@actions/cache"',
};

/** The one bundle file that holds `marker`. */
function chunkWith(marker: string): string {
  const files = readdirSync(dist)
    .filter((name) => name.endsWith('.js'))
    .map((name) => path.join(dist, name))
    .filter((file) => readFileSync(file, 'utf8').includes(marker));
  assert.equal(files.length, 1, `one bundle file holds ${marker}: ${files.join(', ')}`);
  return files[0] as string;
}

/** A job whose steps log the files they load; `loaded()` returns them and starts a new list. */
function loggedJob(options: JobOptions): { job: Job; loaded: () => string[] } {
  const log = path.join(tempDir('loads'), 'loaded');
  writeFileSync(log, '');
  const job = new Job({
    ...options,
    env: { ...options.env, BERTH_LOAD_LOG: log },
    command: [process.execPath, '--import', hook, bundle],
  });
  const loaded = (): string[] => {
    const files = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    writeFileSync(log, '');
    return files;
  };
  return { job, loaded };
}

/** The sample app built and tested on the engine at `host`, nothing pushed. */
function sampleJob(host: string): JobOptions {
  return {
    inputs: {
      image: uniqueRepository('loading'),
      context: path.join(repoRoot, '__tests__', 'fixtures', 'sample-app'),
      'test-command': '/test/run.sh',
      push: 'false',
    },
    env: pushToMain(host),
    event: { repository: { default_branch: 'main' } },
  };
}

describe('what each step loads', () => {
  it("post removes a test container the daemon kept with its own chunks, none of main's", async () => {
    const [main, install, actionsCache] = [MARKERS.main, MARKERS.install, MARKERS.actionsCache].map(
      chunkWith,
    );
    // main's removal is refused, so the test container is left for post, which the daemon then lets go
    const proxy = await FaultProxy.start(tempDir('fault'), dockerHost().replace(/^unix:\/\//, ''));
    const { job, loaded } = loggedJob(sampleJob(proxy.host));
    const probe: string[] = [];
    try {
      const mainStep = await job.main();
      assert.equal(mainStep.exitCode, 0, mainStep.log);
      probe.push(...(/probe's container (berth-probe-[0-9a-f]+)/.exec(mainStep.log)?.slice(1) ?? []));
      const mainFiles = loaded();
      assert.equal(mainFiles[0], bundle);
      assert.ok(mainFiles.includes(main), mainFiles.join('\n'));
      assert.ok(!mainFiles.includes(install), 'nothing to install: the install pipeline is not loaded');
      assert.ok(!mainFiles.includes(actionsCache), 'registry cache: @actions/cache is not loaded');
      const [test] = (JSON.parse(mainStep.state.berth ?? '{}') as { containers: string[] }).containers;
      assert.ok(test, 'the container the daemon kept is left to post');
      proxy.refusing = false;
      const postStep = await job.post();
      assert.equal(postStep.exitCode, 0, postStep.log);
      assert.equal(docker('ps', '--all', '--quiet', '--filter', `name=^${test}$`).trim(), '', 'removed');
      const postFiles = loaded();
      assert.equal(postFiles[0], bundle);
      assert.ok(postFiles.length > 1, 'post loads its chunks');
      for (const chunk of [main, install, actionsCache]) {
        assert.ok(!postFiles.includes(chunk), `post does not load ${path.basename(chunk)}`);
      }
    } finally {
      await job.settle();
      await proxy.close();
      for (const name of probe) docker('rm', '--force', '--volumes', name);
    }
  });

  const nothingToUndo: [string, () => JobOptions][] = [
    ['after a run that removed its own test container', () => sampleJob(dockerHost())],
    ['after a detect-only run', () => ({ inputs: {}, env: { DOCKER_HOST: dockerHost() } })],
  ];
  for (const [name, options] of nothingToUndo) {
    it(`post ${name} has nothing to undo and loads the entry file alone`, async () => {
      const { job, loaded } = loggedJob(options());
      const mainStep = await job.main();
      assert.equal(mainStep.exitCode, 0, mainStep.log);
      loaded();
      const postStep = await job.post();
      assert.equal(postStep.exitCode, 0, postStep.log);
      assert.equal(postStep.log, '');
      assert.deepEqual(loaded(), [bundle]);
    });
  }
});
