// A new runner on the same engine: the local images of one repository (the image and its cache
// images) and the build cache are gone; the base image stays, as it would on a runner that has it.
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { tempDir } from './action-runner.js';
import { docker, dockerHost } from './testbed.js';

/**
 * A base image of its own (busybox with a label): builds from it share no cache with any other test
 * on the engine, so a cold run is cold however the engine was used before.
 */
export function uniqueBase(): string {
  const name = `berth-e2e-base:${randomBytes(4).toString('hex')}`;
  execFileSync('docker', ['build', '--quiet', '--tag', name, '-'], {
    input: `FROM busybox\nLABEL berth.e2e.base=${name}\n`,
    env: { ...process.env, DOCKER_HOST: dockerHost(), DOCKER_BUILDKIT: '0' },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  return name;
}

export function freshRunner(repository: string): void {
  const refs = docker('image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', repository)
    .split('\n')
    .filter(Boolean);
  if (refs.length > 0) docker('image', 'rm', '--force', ...refs);
  docker('builder', 'prune', '--all', '--force');
}

/** True when the engine still has an image by this ID or reference. */
export function hasImage(ref: string): boolean {
  try {
    docker('image', 'inspect', ref);
    return true;
  } catch {
    return false;
  }
}

/** Debian's docker client (20.10, BuildKit built in), found through dpkg rather than a fixed path. */
export function debianDockerClient(): string {
  const files = execFileSync('dpkg', ['-L', 'docker.io'], { encoding: 'utf8' }).split('\n');
  const client = files.find((file) => /\/bin\/docker$/.test(file));
  if (!client) throw new Error('dpkg -L docker.io lists no bin/docker: is docker.io installed?');
  return client;
}

/** A PATH whose `docker` is Debian's 20.10 client, ahead of every other. */
export function pathWithDebianClient(): string {
  const dir = tempDir('client');
  symlinkSync(debianDockerClient(), path.join(dir, 'docker'));
  return `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`;
}
