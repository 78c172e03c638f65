// Pinned installs of docker, compose and buildx by the bundled action, from a local mirror of the
// official layouts: verified, cached, on PATH for later steps, and refused when the bytes are wrong.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ActionsCacheService } from '../helpers/actions-cache.js';
import { Job } from '../helpers/action-runner.js';
import {
  ARCH,
  BUILDX_VERSION,
  COMPOSE_VERSION,
  DEBIAN_DOCKER_VERSION,
  debianDockerArchive,
  Mirror,
  mirrorFolder,
  Scratch,
  buildxBinary,
  composeBinary,
  MODERN_DOCKER_VERSION,
  modernDockerArchive,
  modernFile,
  said,
  sha256,
} from '../helpers/mirror.js';
import { docker, dockerHost } from '../helpers/testbed.js';

// the pins, and what the binaries say they are: Debian's builds carry its revision (a pin matches it)
const CLIENT = MODERN_DOCKER_VERSION;
const CLIENT_SAYS = /version (\S+),/.exec(said(modernFile('usr/bin/docker'), '--version'))?.[1] ?? '';
const COMPOSE_SAYS = said(composeBinary(), 'version', '--short');
const BUILDX_SAYS = said(buildxBinary(), 'version').split(' ')[1] ?? '';
const escape = (text: string): string => text.replace(/[.+*?^$()[\]{}|\\]/g, '\\$&');
const scratch = new Scratch();
let mirror: Mirror;
after(() => scratch.clean());

interface InstallJob {
  job: Job;
  /** DOCKER_CONFIG of the job, so CLI plugins never land in the machine's ~/.docker. */
  dockerConfig: string;
}

/** A job of the setup-only kind (no image), with its own docker config and the given tool cache. */
function installJob(
  inputs: Record<string, string>,
  toolCache: string,
  from: Mirror = mirror,
  env: Record<string, string> = {},
): InstallJob {
  const dockerConfig = scratch.dir('docker-config');
  const job = new Job({
    inputs: { ...from.inputs(), ...inputs },
    env: { DOCKER_HOST: dockerHost(), RUNNER_TOOL_CACHE: toolCache, DOCKER_CONFIG: dockerConfig, ...env },
  });
  scratch.add(job.dir);
  return { job, dockerConfig };
}

const newToolCache = (): string => scratch.dir('tool-cache');

/** Runs a command as a later step of the job would: PATH with GITHUB_PATH, DOCKER_CONFIG of the job. */
function later({ job, dockerConfig }: InstallJob, ...argv: string[]): string {
  const [command, ...args] = argv;
  return execFileSync(command as string, args, {
    env: { ...process.env, PATH: job.stepPath(), DOCKER_CONFIG: dockerConfig, DOCKER_HOST: dockerHost() },
    encoding: 'utf8',
    cwd: job.workspace,
  }).trim();
}

describe('pinned installs from a mirror', () => {
  before(async () => {
    const archives = [modernDockerArchive(), debianDockerArchive()];
    mirror = await new Mirror(
      mirrorFolder({ dockerArchives: archives, compose: true, buildx: true }, scratch),
    ).start();
  });
  after(() => mirror.stop());

  it('installs pinned docker, compose and buildx, verified, and a second job takes them from the tool cache without a request', async () => {
    const toolCache = newToolCache();
    const inputs = {
      'docker-version': `v${CLIENT}`,
      'compose-version': COMPOSE_VERSION,
      'buildx-version': BUILDX_VERSION,
      verify: 'strict',
    };
    const first = installJob(inputs, toolCache);
    const main = await first.job.main();
    assert.equal(main.exitCode, 0, main.log);
    assert.ok(
      mirror.requests.includes(`/docker/stable/${ARCH}/docker-${CLIENT}.tgz.sha256`),
      mirror.requests.join(),
    );

    assert.equal(later(first, 'docker', 'version', '--format', '{{.Client.Version}}'), CLIENT_SAYS);
    assert.ok(CLIENT_SAYS.startsWith(CLIENT), `a Debian build of ${CLIENT}: ${CLIENT_SAYS}`);
    assert.ok(
      later(first, 'sh', '-c', 'command -v docker').startsWith(toolCache),
      'docker comes from the tool cache',
    );
    assert.equal(later(first, 'docker', 'compose', 'version', '--short'), COMPOSE_SAYS);
    assert.ok(
      COMPOSE_SAYS.startsWith(COMPOSE_VERSION),
      `a Debian build of ${COMPOSE_VERSION}: ${COMPOSE_SAYS}`,
    );
    // detection read the plugin and its version from the client's plugin list in `docker info`
    assert.deepEqual(JSON.parse(main.outputs.environment ?? '{}').compose, {
      kind: 'plugin',
      version: COMPOSE_SAYS,
    });
    assert.equal(later(first, 'docker-compose', 'version', '--short'), COMPOSE_SAYS);
    writeFileSync(
      path.join(first.job.workspace, 'docker-compose.yml'),
      'version: "3"\nservices:\n  web:\n    image: busybox\n',
    );
    assert.equal(
      later(first, 'docker', 'compose', 'config', '--services'),
      'web',
      'compose v2 reads the project',
    );
    assert.match(later(first, 'docker', 'buildx', 'version'), new RegExp(` ${escape(BUILDX_SAYS)} `));
    assert.ok(BUILDX_SAYS.startsWith(BUILDX_VERSION), BUILDX_SAYS);
    for (const tool of ['docker', 'compose', 'buildx']) {
      assert.match(
        main.summary,
        new RegExp(`<td>${tool}</td><td>[^<]+</td><td>download</td><td>sha256 verified`),
      );
    }
    assert.match(
      main.summary,
      new RegExp(
        `client ${escape(CLIENT_SAYS)}, server ${escape(docker('version', '--format', '{{.Server.Version}}').trim())} \\(the daemon that was there\\)`,
      ),
    );
    assert.match(
      main.summary,
      new RegExp(`docker compose ${escape(COMPOSE_SAYS)}, docker-compose ${escape(COMPOSE_SAYS)}`),
    );

    mirror.requests.length = 0;
    const second = installJob(inputs, toolCache);
    const again = await second.job.main();
    assert.equal(again.exitCode, 0, again.log);
    assert.deepEqual(mirror.requests, [], 'the second job asked the mirror nothing');
    assert.match(again.log, new RegExp(`docker ${CLIENT}: found in the tool cache`));
    assert.match(again.summary, /<td>compose<\/td><td>[^<]+<\/td><td>tool cache<\/td><td>sha256 verified/);
    assert.equal(later(second, 'docker', 'compose', 'version', '--short'), COMPOSE_SAYS);

    const plugin = path.join(first.dockerConfig, 'cli-plugins', 'docker-compose');
    assert.ok(existsSync(plugin));
    assert.equal((await first.job.post()).exitCode, 0);
    assert.ok(!existsSync(plugin), 'post removed the plugin it installed');
  });

  it('keeps verified downloads in the Actions cache when the service is there, for a runner with an empty tool cache', async () => {
    const service = await new ActionsCacheService().start();
    try {
      // A hosted runner's RUNNER_TEMP is the same path in every run; the cache entry depends on it.
      const runnerTemp = scratch.dir('runner-temp');
      const env = { ...service.env(), RUNNER_TEMP: runnerTemp };
      const archive = `/docker/stable/${ARCH}/docker-${CLIENT}.tgz`;
      const first = await installJob({ 'docker-version': CLIENT }, newToolCache(), mirror, env).job.main();
      assert.equal(first.exitCode, 0, first.log);
      assert.equal(service.entries.filter((entry) => entry.finalized).length, 1, 'one download saved');

      rmSync(path.join(runnerTemp, 'berth-downloads'), { recursive: true, force: true });
      mirror.requests.length = 0;
      const second = await installJob({ 'docker-version': CLIENT }, newToolCache(), mirror, env).job.main();
      assert.equal(second.exitCode, 0, second.log);
      assert.match(second.log, new RegExp(`docker ${CLIENT}: restored from the Actions cache`));
      assert.ok(
        !mirror.requests.includes(archive),
        `the archive was not downloaded again: ${mirror.requests.join()}`,
      );
      assert.match(
        second.summary,
        /<td>docker<\/td><td>[^<]+<\/td><td>Actions cache<\/td><td>sha256 verified/,
      );
    } finally {
      await service.stop();
    }
  });

  it('resolves latest from the index page', async () => {
    const main = await installJob({ 'docker-version': 'latest' }, newToolCache()).job.main();
    assert.equal(main.exitCode, 0, main.log);
    assert.match(main.log, new RegExp(`latest stable release at \\S+ is ${CLIENT.replace(/\./g, '\\.')}`));
  });

  it('names the versions that exist when the pinned one does not', async () => {
    const main = await installJob({ 'docker-version': '99.1.0' }, newToolCache()).job.main();
    assert.equal(main.exitCode, 1);
    const versions = [CLIENT, DEBIAN_DOCKER_VERSION].sort().reverse().join(', ');
    assert.match(
      main.log,
      new RegExp(
        `::error::docker-version: 99\\.1\\.0 is not at \\S+docker-99\\.1\\.0\\.tgz \\(HTTP 404\\); versions there: ${versions}`,
      ),
    );
  });

  it('refuses a sum that does not match the docker-sha256 input', async () => {
    const main = await installJob(
      { 'docker-version': CLIENT, 'docker-sha256': 'a'.repeat(64) },
      newToolCache(),
    ).job.main();
    assert.equal(main.exitCode, 1);
    assert.match(
      main.log,
      new RegExp(
        `::error::docker: checksum mismatch for \\S+: expected sha256 a{64} \\(input docker-sha256\\), got ${sha256(modernDockerArchive())}`,
      ),
    );
  });
});

describe('downloads that cannot be trusted', () => {
  it('refuses a corrupted archive and caches nothing', async () => {
    const archive = modernDockerArchive();
    const bad = await new Mirror(mirrorFolder({ dockerArchives: [archive], corrupt: true }, scratch)).start();
    try {
      const toolCache = newToolCache();
      const main = await installJob({ 'docker-version': CLIENT }, toolCache, bad).job.main();
      assert.equal(main.exitCode, 1);
      const url = `${bad.url}/docker/stable/${ARCH}/docker-${CLIENT}.tgz`;
      assert.match(
        main.log,
        new RegExp(
          `::error::docker: checksum mismatch for ${url}: expected sha256 ${sha256(archive)} \\(${url}\\.sha256\\), got [0-9a-f]{64}; nothing was installed`,
        ),
      );
      assert.deepEqual(readdirSync(toolCache), [], 'nothing in the tool cache');
    } finally {
      await bad.stop();
    }
  });

  it('warns about a download with no checksum anywhere, and refuses it when verify is strict', async () => {
    const bare = await new Mirror(mirrorFolder({ compose: true, withoutSums: true }, scratch)).start();
    try {
      const warned = await installJob(
        { 'compose-version': COMPOSE_VERSION },
        newToolCache(),
        bare,
      ).job.main();
      assert.equal(warned.exitCode, 0, warned.log);
      assert.match(
        warned.log,
        /::warning::compose: no checksum for \S+docker-compose-linux-\S+ \(no compose-sha256 input, no published sum file\); installed unverified/,
      );
      assert.match(warned.summary, /<td>unverified: no checksum found<\/td>/);
      assert.match(warned.summary, /unverified: compose/);

      const strict = await installJob(
        { 'compose-version': COMPOSE_VERSION, verify: 'strict' },
        newToolCache(),
        bare,
      ).job.main();
      assert.equal(strict.exitCode, 1);
      assert.match(
        strict.log,
        /::error::compose: no checksum for \S+ \(no compose-sha256 input, no published sum file\); refused because verify is strict$/m,
      );
    } finally {
      await bare.stop();
    }
  });

  it('refuses a mirror that serves another version than the pin, verified or not', async () => {
    const other = await new Mirror(mirrorFolder({ compose: true, composeAs: '9.9.9' }, scratch)).start();
    try {
      const main = await installJob({ 'compose-version': '9.9.9' }, newToolCache(), other).job.main();
      assert.equal(main.exitCode, 1, main.log);
      assert.match(
        main.log,
        new RegExp(
          `::error::compose-version: installed 9\\.9\\.9, but 'docker compose version' reports ${escape(COMPOSE_SAYS)}$`,
          'm',
        ),
      );
    } finally {
      await other.stop();
    }
  });
});
