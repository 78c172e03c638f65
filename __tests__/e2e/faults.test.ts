// The fault suite (`npm run faults`, part of the test command): faults a CI step meets, and what berth
// does about each. It never crashes (no stack trace, the stop-commands block always ends), never hangs,
// never loses a report, and says what happened in one line. Prints a table: the fault, what berth did,
// what was left behind, pass or fail.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { Job, repoRoot, tempDir, type Interrupt, type StepResult } from '../helpers/action-runner.js';
import { startDind } from '../helpers/dind.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { debianImage, dockerSync, Scope } from '../helpers/scope.js';
import {
  Mirror,
  mirrorFolder,
  MODERN_DOCKER_VERSION,
  modernDockerArchive,
  Scratch,
} from '../helpers/mirror.js';
import {
  containerExists,
  dockerHost,
  pushToMain,
  registryTags,
  uniqueRepository,
} from '../helpers/testbed.js';

const app = path.join(repoRoot, '__tests__', 'fixtures', 'multi-stage-app');
const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');
const rows: string[][] = [];

/** What every fault must leave true of the log: no crash, workflow commands back on at the end. */
function noCrash(step: StepResult): void {
  assert.doesNotMatch(step.log, /node:internal|at async |UnhandledPromiseRejection/, 'no stack trace');
  const opened = [...step.log.matchAll(/^::stop-commands::([0-9a-f]+)$/gm)].map((match) => match[1]);
  for (const token of opened)
    assert.match(step.log, new RegExp(`^::${token}::$`, 'm'), 'stop-commands ended');
  assert.ok(step.summary.includes('berth'), 'the summary was written');
}

/** The one `::error::` line of a failed step. */
function errorLine(step: StepResult): string {
  const errors = step.log.split('\n').filter((line) => line.startsWith('::error::'));
  assert.equal(errors.length, 1, step.log);
  return errors[0] ?? '';
}

function job(
  image: string,
  host: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Job {
  return new Job({
    inputs: { image, context: sampleApp, 'test-command': '/test/run.sh', ...inputs },
    env: { ...pushToMain(host), ...env },
    event: { repository: { default_branch: 'main' } },
  });
}

/** Runs a fault's scenario and records its row; a failed assertion is a failed row and a failed test. */
async function fault(name: string, body: () => Promise<{ did: string; left: string }>): Promise<void> {
  try {
    const { did, left } = await body();
    rows.push([name, did, left, 'pass']);
  } catch (error) {
    rows.push([name, String(error).split('\n')[0] ?? '', '?', 'FAIL']);
    throw error;
  }
}

describe('faults', () => {
  after(() => {
    const table = [['fault', 'what berth did', 'left behind', 'result'], ...rows];
    console.log(`\n${table.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`);
  });

  it('a call the daemon refuses beside the tests: the cache is a warning, the image is pushed', () =>
    fault('docker tag refused beside the tests', async () => {
      const proxy = await FaultProxy.start(tempDir('fault'), dockerHost().replace(/^unix:\/\//, ''), {
        refuses: (method, url) => method === 'POST' && /\/images\/[^/]+\/tag\?.*tag=cache-/.test(url),
        message: 'refused by the test: a daemon that fails a tag',
      });
      try {
        const image = uniqueRepository('fault-tag');
        const main = await job(image, proxy.host, {}).main();
        noCrash(main);
        assert.equal(main.exitCode, 0, main.log);
        assert.match(
          main.log,
          /::warning::cache: the stage cache images could not be made \(.*refused by the test/,
        );
        assert.ok(proxy.refused.length > 0, 'the tag was refused');
        const tags = await registryTags(image);
        assert.ok(tags.includes('latest') && !tags.some((tag) => tag.startsWith('cache-')), tags.join());
        return { did: 'warned, pushed the image, wrote no cache', left: 'nothing' };
      } finally {
        await proxy.close();
      }
    }));

  it('SIGTERM during the build: stops at once, says it was cancelled, pushes nothing', () =>
    fault('SIGTERM during the build', async () => {
      const image = uniqueRepository('fault-build');
      const interrupt: Interrupt = { when: /^#\d+ \[deps \d\/\d\] RUN /m, signal: 'SIGTERM' };
      const run = job(image, dockerHost(), { context: app, 'build-args': 'WORK=40' });
      const main = await run.main(interrupt);
      const took = (Date.now() - (interrupt.sentAt ?? 0)) / 1000;
      noCrash(main);
      assert.equal(main.exitCode, 1);
      assert.match(errorLine(main), /^::error::cancelled \(SIGTERM\)/);
      assert.ok(took < 15, `ended ${took.toFixed(1)} s after the signal`);
      assert.deepEqual(await registryTags(image), []);
      const post = await run.post();
      assert.equal(post.exitCode, 0, post.log);
      return { did: `cancelled in ${took.toFixed(1)} s, nothing pushed`, left: 'nothing' };
    }));

  it('SIGTERM during the tests: stops the container, copies the reports so far, removes it', () =>
    fault('SIGTERM during the tests', async () => {
      const image = uniqueRepository('fault-test');
      const interrupt: Interrupt = { when: /^tests started$/m, signal: 'SIGTERM' };
      const command =
        'mkdir -p /artifacts && echo partial > /artifacts/partial.txt && echo tests started && sleep 120';
      const run = job(image, dockerHost(), { 'test-command': command });
      const main = await run.main(interrupt);
      const took = (Date.now() - (interrupt.sentAt ?? 0)) / 1000;
      noCrash(main);
      assert.equal(main.exitCode, 1, main.log);
      assert.match(errorLine(main), /^::error::cancelled \(SIGTERM\)/);
      assert.ok(took < 7.5, `ended ${took.toFixed(1)} s after the signal, within a runner's grace`);
      const reports = main.outputs['artifacts-dir'] ?? '';
      assert.equal(readFileSync(path.join(reports, 'partial.txt'), 'utf8'), 'partial\n');
      assert.deepEqual(await registryTags(image), [], 'nothing pushed');
      const post = await run.post();
      assert.equal(post.exitCode, 0, post.log);
      const container = /test: container (berth-test-[0-9a-f]+)/.exec(main.log)?.[1] ?? '';
      assert.ok(container && !containerExists(container), 'the container is gone');
      return {
        did: `stopped the tests, copied the reports, cancelled in ${took.toFixed(1)} s`,
        left: 'nothing',
      };
    }));

  it('a hung test: test-timeout stops it, the reports so far are copied, the step fails saying so', () =>
    fault('a hung test (test-timeout: 3s)', async () => {
      const image = uniqueRepository('fault-hung');
      const command = 'mkdir -p /artifacts && echo partial > /artifacts/partial.txt && sleep 600';
      const run = job(image, dockerHost(), { 'test-command': command, 'test-timeout': '3s' });
      const started = Date.now();
      const main = await run.main();
      const took = (Date.now() - started) / 1000;
      noCrash(main);
      assert.equal(main.exitCode, 1);
      assert.match(
        errorLine(main),
        /^::error::test-command timed out after 3 s; reports are in .*, nothing was pushed$/,
      );
      assert.equal(
        readFileSync(path.join(main.outputs['artifacts-dir'] ?? '', 'partial.txt'), 'utf8'),
        'partial\n',
      );
      assert.deepEqual(await registryTags(image), []);
      assert.equal((await run.post()).exitCode, 0);
      return {
        did: `stopped after 3 s (the job took ${took.toFixed(1)} s), copied the reports`,
        left: 'nothing',
      };
    }));

  it('a registry that answers garbage: the push fails in one line, in bounded time', () =>
    fault('a registry that answers garbage', async () => {
      const server: Server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('<html>garbage{');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as { port: number }).port;
      try {
        const image = `127.0.0.1:${port}/fault/garbage`;
        const started = Date.now();
        const main = await job(image, dockerHost(), { retries: '1' }).main();
        const took = (Date.now() - started) / 1000;
        noCrash(main);
        assert.equal(main.exitCode, 1, main.log);
        assert.match(errorLine(main), /^::error::.*push/);
        assert.ok(took < 120, `${took.toFixed(1)} s`);
        return { did: `failed the push in one line after ${took.toFixed(1)} s`, left: 'nothing' };
      } finally {
        server.close();
      }
    }));

  it('a registry that never answers: bounded, one line', () =>
    fault('a registry that never answers', async () => {
      const sockets: Socket[] = [];
      const server: TcpServer = createTcpServer((socket) => void sockets.push(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as { port: number }).port;
      try {
        const image = `127.0.0.1:${port}/fault/silent`;
        const started = Date.now();
        const main = await job(image, dockerHost(), { retries: '0', 'push-timeout': '20s' }).main();
        const took = (Date.now() - started) / 1000;
        noCrash(main);
        assert.equal(main.exitCode, 1, main.log);
        assert.match(errorLine(main), /^::error::.*push/);
        assert.ok(took < 90, `${took.toFixed(1)} s`);
        return { did: `failed the push in one line after ${took.toFixed(1)} s`, left: 'nothing' };
      } finally {
        for (const socket of sockets) socket.destroy();
        server.close();
      }
    }));

  describe('a daemon of its own (docker-in-docker), for the faults that break it', () => {
    const scopes: Scope[] = [];
    after(() => scopes.forEach((scope) => scope.cleanup()));
    const newScope = (): Scope => {
      const scope = new Scope();
      scopes.push(scope);
      return scope;
    };

    it('the daemon killed mid-build: one line that says so, the summary, no hang', () =>
      fault('the daemon killed mid-build', async () => {
        const dind = await startDind(newScope(), debianImage(), { tls: false });
        const image = uniqueRepository('fault-killed');
        const interrupt: Interrupt = {
          when: /^#\d+ \[deps \d\/\d\] RUN /m,
          act: () => void dockerSync(['kill', dind.container]),
        };
        const run = job(image, `tcp://${dind.ip}:2375`, { context: app, 'build-args': 'WORK=40' });
        const main = await run.main(interrupt);
        const took = (Date.now() - (interrupt.sentAt ?? 0)) / 1000;
        noCrash(main);
        assert.equal(main.exitCode, 1, main.log);
        assert.match(errorLine(main), /^::error::docker build failed/);
        assert.ok(took < 60, `ended ${took.toFixed(1)} s after the kill`);
        assert.equal((await run.post()).exitCode, 0);
        return { did: `failed the build in one line, ${took.toFixed(1)} s after the kill`, left: 'nothing' };
      }));

    it("the daemon's disk full mid-build: the error says so and how to free space", () =>
      fault("the daemon's disk full mid-build", async () => {
        const dind = await startDind(newScope(), debianImage(), { tls: false, dataMiB: 160 });
        const image = uniqueRepository('fault-full');
        const context = tempDir('full-app');
        writeFileSync(
          path.join(context, 'Dockerfile'),
          'FROM busybox\nRUN dd if=/dev/zero of=/big bs=1M count=400\n',
        );
        const run = job(image, `tcp://${dind.ip}:2375`, { context, 'test-command': 'true' });
        const main = await run.main();
        noCrash(main);
        assert.equal(main.exitCode, 1, main.log);
        assert.match(
          errorLine(main),
          /^::error::docker build failed .*\(the daemon's disk is full: free space/,
        );
        assert.equal((await run.post()).exitCode, 0);
        return { did: 'failed the build saying the disk is full and how to free space', left: 'nothing' };
      }));
  });

  it('a corrupted tool cache: found by its sums, installed again', () =>
    fault('a corrupted tool cache entry', async () => {
      const scratch = new Scratch();
      const mirror = await new Mirror(
        mirrorFolder({ dockerArchives: [modernDockerArchive()] }, scratch),
      ).start();
      try {
        const toolCache = scratch.dir('tool-cache');
        const install = (): Promise<StepResult> =>
          new Job({
            inputs: {
              'docker-version': MODERN_DOCKER_VERSION,
              'docker-download-url': `${mirror.url}/docker`,
              verify: 'strict',
            },
            env: { DOCKER_HOST: dockerHost(), RUNNER_TOOL_CACHE: toolCache },
          }).main();
        const first = await install();
        assert.equal(first.exitCode, 0, first.log);
        const entry = path.join(toolCache, 'docker-archive-stable', MODERN_DOCKER_VERSION);
        const docker = path.join(entry, readdirSync(entry)[0] ?? '', 'docker', 'docker');
        assert.ok(existsSync(docker), docker);
        writeFileSync(docker, '#!/bin/sh\necho planted\n');
        mirror.requests.length = 0;
        const second = await install();
        noCrash(second);
        assert.equal(second.exitCode, 0, second.log);
        assert.match(
          second.log,
          /::warning::docker: the tool cache entry at .* is not what was verified .*changed: docker/,
        );
        assert.ok(
          mirror.requests.some((request) => request.endsWith('.tgz')),
          'downloaded again',
        );
        assert.notEqual(readFileSync(docker, 'utf8'), '#!/bin/sh\necho planted\n');
        return { did: 'found the planted file, installed again from the mirror', left: 'nothing' };
      } finally {
        await mirror.stop();
        scratch.clean();
      }
    }));
});
