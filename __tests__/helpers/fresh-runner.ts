// A new runner on the same engine: the local images of one repository (the image and its cache
// images) and the build cache are gone; the base image stays, as it would on a runner that has it.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dockerWith, MODERN } from './engines.js';

/**
 * A base image of its own (busybox with a file of its own, a layer no other image has): builds from it
 * share no cache with any other test on the engine, so a cold run is cold however the engine was used
 * before. (A label alone is not enough: today's BuildKit keys a FROM on its layers.)
 */
export function uniqueBase(env: Record<string, string> = MODERN.env()): string {
  const name = `berth-e2e-base:${randomBytes(4).toString('hex')}`;
  execFileSync('docker', ['build', '--quiet', '--tag', name, '-'], {
    input: `FROM busybox\nRUN echo ${name} > /etc/berth-e2e-base\n`,
    env: { ...process.env, ...env, DOCKER_BUILDKIT: '0' },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  return name;
}

/** The engine of `env` as a new runner: no image of `repository`, no build cache. */
export function freshRunner(repository: string, env: Record<string, string> = MODERN.env()): void {
  const refs = dockerWith(env, 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', repository)
    .split('\n')
    .filter((ref) => ref && !ref.endsWith(':<none>'));
  const untagged = dockerWith(env, 'image', 'ls', '--quiet', '--filter', 'dangling=true', repository)
    .split('\n')
    .filter(Boolean);
  refs.push(...new Set(untagged));
  if (refs.length > 0) dockerWith(env, 'image', 'rm', '--force', ...refs);
  dockerWith(env, 'builder', 'prune', '--all', '--force');
}

/** True when the engine still has an image by this ID or reference. */
export function hasImage(ref: string, env: Record<string, string> = MODERN.env()): boolean {
  try {
    dockerWith(env, 'image', 'inspect', ref);
    return true;
  } catch {
    return false;
  }
}
