// The jobs the bench times (scripts/bench.mjs): berth, the recipes people copy, the scripted bound and
// the floor. Each does what a CI job does on a new runner: build (or pull), run the tests in a
// container, copy the reports out, remove the container, push the commit's tags.
import { Buffer } from 'node:buffer';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Job } from '../lib/__tests__/helpers/action-runner.js';

export function sh(args, env = process.env) {
  try {
    return execFileSync(args[0], args.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(
      `${args.slice(0, 3).join(' ')} failed: ${String(error.stderr).trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
}

/** A new runner on the engine of `env`: no image but the busybox base, no build cache. */
export function freshRunner(env) {
  const base = sh(['docker', 'image', 'inspect', '--format', '{{.Id}}', 'busybox:latest'], env).trim();
  for (let round = 0; round < 5; round++) {
    const images = new Set(sh(['docker', 'image', 'ls', '--all', '--quiet', '--no-trunc'], env).split('\n'));
    images.delete(base);
    images.delete('');
    if (images.size === 0) break;
    // removing an image also removes its untagged parents, so some of the list may be gone already
    spawnSync('docker', ['image', 'rm', '--force', ...images], { stdio: 'ignore', env });
  }
  sh(['docker', 'builder', 'prune', '--all', '--force'], env);
}

/** Runs the tests in a container, copies the reports out and removes the container, as berth does. */
function testAndCopy(ref, env) {
  const name = `bench-test-${randomBytes(4).toString('hex')}`;
  sh(['docker', 'run', '--name', name, ref, '/test/run.sh'], env);
  const reports = mkdtempSync(path.join(tmpdir(), 'bench-reports-'));
  sh(['docker', 'cp', `${name}:/artifacts/.`, reports], env);
  rmSync(reports, { recursive: true });
  sh(['docker', 'rm', name], env);
}

/** berth's whole job (main and post, two node processes), on a push to main of commit `sha`. */
export async function berth(image, app, env, work, sha, inputs = {}) {
  const job = new Job({
    inputs: { image, context: app, 'build-args': `WORK=${work}`, 'test-command': '/test/run.sh', ...inputs },
    env: {
      ...env,
      GITHUB_SHA: sha,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_ACTIONS: 'true',
    },
    event: { repository: { default_branch: 'main' } },
  });
  const main = await job.main();
  if (main.exitCode !== 0) throw new Error(`berth failed:\n${main.log}`);
  await job.post();
  const skipped = /build: skipped, this tree/.test(main.log);
  return skipped ? 'skipped' : main.outputs['cache-hits'];
}

/**
 * GitLab's documented recipe ("Make Docker-in-Docker builds faster with Docker layer caching"): pull
 * `latest`, build with `--cache-from` it (and `BUILDKIT_INLINE_CACHE=1` under BuildKit, as the docs
 * add), tag the commit and `latest`; here also the tests, the reports copied out, and both pushes.
 */
export function gitlab(image, app, env, work, sha, builder) {
  const latest = `${image}:latest`;
  const commit = `${image}:${sha.slice(0, 8)}`;
  try {
    sh(['docker', 'pull', '--quiet', latest], env);
  } catch {
    // the first run: nothing to pull
  }
  const inline = builder === 'legacy' ? [] : ['--build-arg', 'BUILDKIT_INLINE_CACHE=1'];
  sh(
    ['docker', 'build', '--quiet', ...inline, '--build-arg', `WORK=${work}`, '--cache-from', latest].concat([
      '--tag',
      commit,
      '--tag',
      latest,
      app,
    ]),
    env,
  );
  testAndCopy(commit, env);
  sh(['docker', 'push', '--quiet', commit], env);
  sh(['docker', 'push', '--quiet', latest], env);
}

/**
 * The buildx recipe of build-push-action's docs (registry cache): `--cache-from
 * type=registry,ref=IMG:buildcache --cache-to type=registry,ref=IMG:buildcache,mode=max`, loaded to
 * run the tests, then pushed. Only where the driver or the image store can export a cache.
 */
export function buildx(image, app, env, work, sha) {
  const cache = `${image}:buildcache`;
  const commit = `${image}:${sha.slice(0, 8)}`;
  sh(
    ['docker', 'buildx', 'build', '--quiet', '--load', '--build-arg', `WORK=${work}`]
      .concat(['--cache-from', `type=registry,ref=${cache}`])
      .concat(['--cache-to', `type=registry,ref=${cache},mode=max`])
      .concat(['--tag', commit, '--tag', `${image}:latest`, app]),
    env,
  );
  testAndCopy(commit, env);
  sh(['docker', 'push', '--quiet', commit], env);
  sh(['docker', 'push', '--quiet', `${image}:latest`], env);
}

/** The floor: `docker pull` of the image and `docker run --rm` of the tests. */
export function floor(image, env) {
  sh(['docker', 'pull', '--quiet', `${image}:latest`], env);
  sh(['docker', 'run', '--rm', `${image}:latest`, '/test/run.sh'], env);
}

/** Puts `tags` on the manifest of `from` through the registry's API, as berth does: one GET, a PUT each. */
async function tagInRegistry(image, from, tags) {
  const [host, ...rest] = image.split('/');
  const base = `http://${host}/v2/${rest.join('/')}/manifests`;
  const accept = [
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.oci.image.index.v1+json',
  ].join(', ');
  const got = await globalThis.fetch(`${base}/${from}`, { headers: { accept } });
  const body = Buffer.from(await got.arrayBuffer());
  const type = got.headers.get('content-type');
  for (const tag of tags) {
    const put = await globalThis.fetch(`${base}/${tag}`, {
      method: 'PUT',
      headers: { 'content-type': type },
      body,
    });
    if (put.status !== 201) throw new Error(`PUT ${tag}: ${put.status}`);
  }
}

/**
 * The bound of a re-run of a tested tree: the docker work such a job cannot do without, one command
 * after another with no logic between them: a node start for the main step, the ping, the pull of the
 * tested image, the tests, the reports copied out, the container removed, the three tags put on the
 * manifest, a node start for the post step. berth cannot beat it; what berth takes beyond it is berth's
 * own cost.
 */
export async function bound(image, env, sha) {
  sh([process.execPath, '-e', '0'], env);
  sh(['docker', 'version', '--format', '{{json .}}'], env);
  sh(['docker', 'pull', '--quiet', `${image}:latest`], env);
  testAndCopy(`${image}:latest`, env);
  await tagInRegistry(image, 'latest', [`sha-${sha.slice(0, 7)}`, 'main', 'latest']);
  sh([process.execPath, '-e', '0'], env);
}
