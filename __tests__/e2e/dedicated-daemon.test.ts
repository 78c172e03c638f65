// A dedicated daemon from a pinned archive: the whole pipeline runs on it over TLS, and after post
// nothing of it is left, while the testbed's daemon that was there first keeps running containers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PostState } from '../../src/state.js';
import { alive, processesUsing } from '../../src/daemon/process.js';
import { Job, repoRoot } from '../helpers/action-runner.js';
import {
  DEBIAN_DOCKER_VERSION,
  debianDockerArchive,
  MODERN_DOCKER_VERSION,
  modernDockerArchive,
  Mirror,
  mirrorFolder,
  Scratch,
} from '../helpers/mirror.js';
import {
  docker,
  dockerHost,
  randomSha,
  registry,
  registryTags,
  pushedTags,
  withoutCacheTags,
  uniqueRepository,
} from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');

const linkExists = (name: string): boolean => {
  try {
    execFileSync('ip', ['link', 'show', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe('a dedicated daemon', () => {
  let mirror: Mirror;
  let keeper = '';
  const scratch = new Scratch();
  const toolCache = scratch.dir('tool-cache');

  before(async () => {
    const archives = [modernDockerArchive(), debianDockerArchive()];
    mirror = await new Mirror(mirrorFolder({ dockerArchives: archives }, scratch)).start();
    // The new daemon starts empty and nothing can be pulled from the internet: it gets busybox through
    // a registry mirror (daemon-config) served by the testbed registry.
    docker('tag', 'busybox:latest', `${registry()}/library/busybox:latest`);
    docker('push', `${registry()}/library/busybox:latest`);
    keeper = docker('run', '-d', 'busybox:latest', 'sleep', '600').trim();
  });
  const jobs: Job[] = [];
  after(async () => {
    for (const job of jobs) await job.settle();
    await mirror.stop();
    if (keeper) docker('rm', '-f', keeper);
    scratch.clean();
  });

  // today's engine (with the storage-driver input) and Debian 12's, from their static archives
  const versions: [string, Record<string, string>][] = [
    [MODERN_DOCKER_VERSION, { 'storage-driver': 'overlay2' }],
    [DEBIAN_DOCKER_VERSION, {}],
  ];
  for (const [dockerVersion, extra] of versions)
    it(`docker ${dockerVersion}: builds, tests and pushes the sample app on its own engine over TLS, and post removes all of it`, async () => {
      const image = uniqueRepository('dedicated');
      const job = new Job({
        inputs: {
          image,
          context: sampleApp,
          'test-command': '/test/run.sh',
          push: 'true',
          'docker-version': dockerVersion,
          'docker-download-url': `${mirror.url}/docker`,
          daemon: 'dedicated',
          'daemon-tls': 'true',
          'daemon-config': JSON.stringify({ 'registry-mirrors': [`http://${registry()}`], debug: false }),
          ...extra,
        },
        env: {
          DOCKER_HOST: dockerHost(),
          GITHUB_SHA: randomSha(),
          GITHUB_REF: 'refs/heads/main',
          GITHUB_EVENT_NAME: 'push',
          RUNNER_TOOL_CACHE: toolCache,
          DOCKER_CONFIG: scratch.dir('docker-config'),
        },
      });
      scratch.add(job.dir);
      jobs.push(job);
      const main = await job.main();
      assert.equal(main.exitCode, 0, main.log);
      // the early ping asked the job's daemon; detection pings the dedicated one itself
      assert.ok(!main.log.includes('ping: the answer to the ping asked'), 'no early answer after setup');
      assert.match(main.log, /::debug::run: docker version --format \{\{json \.\}\}\n/);

      assert.match(main.env.DOCKER_HOST ?? '', /^tcp:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(main.env.DOCKER_TLS_VERIFY, '1');
      assert.ok(existsSync(path.join(main.env.DOCKER_CERT_PATH ?? '', 'key.pem')));
      assert.equal(main.outputs['docker-host'], main.env.DOCKER_HOST, "berth's own phases used it");
      assert.equal(main.outputs['test-exit-code'], '0');
      assert.deepEqual(withoutCacheTags(await registryTags(image)), pushedTags(main.outputs.tags));
      const version = dockerVersion.replace(/\./g, '\\.');
      assert.match(
        main.summary,
        new RegExp(`client ${version}\\S*, server ${version}\\S* \\(dedicated daemon\\)`),
      );

      const daemon = (JSON.parse(main.state.berth ?? '{}') as PostState).daemon;
      assert.ok(daemon?.pids.dockerd && daemon.pids.containerd, main.state.berth);
      const { layout } = daemon;
      assert.ok(alive(daemon.pids.dockerd) && alive(daemon.pids.containerd));
      assert.ok(linkExists(layout.bridge));
      const info = execFileSync('docker', ['info', '--format', '{{.DockerRootDir}} {{.ServerVersion}}'], {
        env: { ...process.env, ...main.env, PATH: job.stepPath() },
        encoding: 'utf8',
      }).trim();
      assert.equal(
        info.split(' ')[0],
        path.join(layout.dataDir, 'docker'),
        'a later step reaches it over TLS',
      );
      const config = JSON.parse(readFileSync(path.join(layout.runDir, 'daemon.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      assert.ok(config['registry-mirrors'], 'daemon-config merged');
      if (extra['storage-driver']) {
        assert.equal(config['storage-driver'], extra['storage-driver']);
        assert.equal(
          JSON.parse(main.outputs.environment ?? '{}').daemon?.storageDriver,
          extra['storage-driver'],
        );
      }

      const post = await job.post();
      assert.equal(post.exitCode, 0, post.log);
      assert.doesNotMatch(post.log, /::warning::cleanup/);
      assert.ok(!alive(daemon.pids.dockerd) && !alive(daemon.pids.containerd), 'its processes are gone');
      assert.deepEqual(processesUsing(layout.runDir), [], 'no shim or other process of it is left');
      assert.ok(!existsSync(layout.socket) && !existsSync(layout.runDir), 'its sockets and run dir are gone');
      assert.ok(!existsSync(layout.dataDir), 'its data root is gone');
      assert.ok(!linkExists(layout.bridge), 'its bridge is gone');
      assert.doesNotMatch(
        execFileSync('iptables-save', { encoding: 'utf8' }),
        new RegExp(`berth-${layout.id}`),
      );
      assert.doesNotMatch(readFileSync('/proc/self/mountinfo', 'utf8'), new RegExp(layout.id));
      // dockerd 27 and later manage ip6tables unless told not to: berth tells it
      assert.doesNotMatch(execFileSync('ip6tables-save', { encoding: 'utf8' }), /DOCKER/);

      assert.equal(docker('inspect', '--format', '{{.State.Running}}', keeper).trim(), 'true');
      assert.equal(docker('run', '--rm', 'busybox:latest', 'echo', 'still here').trim(), 'still here');
    });

  it('in setup-only use, starts and exports it for later steps and stops there', async () => {
    mirror.requests.length = 0;
    const job = new Job({
      inputs: {
        'docker-version': DEBIAN_DOCKER_VERSION,
        'docker-download-url': `${mirror.url}/docker`,
        daemon: 'dedicated',
        'daemon-config': JSON.stringify({ 'registry-mirrors': [`http://${registry()}`] }),
      },
      env: { DOCKER_HOST: dockerHost(), RUNNER_TOOL_CACHE: toolCache },
    });
    scratch.add(job.dir);
    jobs.push(job);
    const main = await job.main();
    assert.equal(main.exitCode, 0, main.log);
    assert.deepEqual(mirror.requests, [], 'docker came from the tool cache');
    assert.match(main.env.DOCKER_HOST ?? '', /^unix:\/\/\S+\/docker\.sock$/);
    assert.match(main.log, /build: skipped, no image given/);

    const laterStep = (...args: string[]): string =>
      execFileSync('docker', args, {
        env: { ...process.env, ...main.env, PATH: job.stepPath() },
        encoding: 'utf8',
      }).trim();
    laterStep('pull', '--quiet', 'busybox:latest');
    assert.equal(
      laterStep('run', '--rm', 'busybox:latest', 'echo', 'from a later step'),
      'from a later step',
    );
    const daemon = (JSON.parse(main.state.berth ?? '{}') as PostState).daemon;
    assert.ok(daemon?.pids.dockerd);

    const post = await job.post();
    assert.equal(post.exitCode, 0, post.log);
    assert.ok(!alive(daemon.pids.dockerd));
    assert.ok(
      !existsSync(daemon.layout.runDir) &&
        !existsSync(daemon.layout.dataDir) &&
        !linkExists(daemon.layout.bridge),
    );
  });

  it('prints its log when it does not come up, and post still removes what was made', async () => {
    const job = new Job({
      inputs: {
        'docker-version': DEBIAN_DOCKER_VERSION,
        'docker-download-url': `${mirror.url}/docker`,
        daemon: 'dedicated',
        'daemon-config': JSON.stringify({ 'no-such-option': true }),
      },
      env: { DOCKER_HOST: dockerHost(), RUNNER_TOOL_CACHE: toolCache },
    });
    scratch.add(job.dir);
    jobs.push(job);
    const main = await job.main();
    assert.equal(main.exitCode, 1);
    assert.match(main.log, /dockerd log \(\S+\), last lines:\n.*no-such-option/);
    assert.match(main.log, /::error::daemon: dockerd exited: .*no-such-option/);
    const daemon = (JSON.parse(main.state.berth ?? '{}') as PostState).daemon;
    assert.ok(daemon?.pids.containerd && alive(daemon.pids.containerd), 'containerd was left for post');

    const post = await job.post();
    assert.equal(post.exitCode, 0, post.log);
    assert.ok(!alive(daemon.pids.containerd));
    assert.ok(
      !existsSync(daemon.layout.runDir) &&
        !existsSync(daemon.layout.dataDir) &&
        !linkExists(daemon.layout.bridge),
    );
  });
});
