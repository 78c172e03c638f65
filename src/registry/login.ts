// Login: the password goes to `docker login` on stdin, is masked where it is born, and lands in a
// docker config of the job's own (never the user's), which post removes.
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { dockerConfigDir, type DockerConfig } from '../core/docker-cli.js';
import { run } from '../core/exec.js';
import { withRetries } from '../core/retry.js';

export interface Credentials {
  /** Registry host to log in to. */
  registry: string;
  username: string;
  /** Masked as soon as it is read; only ever written to stdin. */
  password: string;
}

/** Masks the password and the base64 `user:password` that docker writes to its config. */
export function maskCredentials(credentials: Credentials): void {
  core.setSecret(credentials.password);
  core.setSecret(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'));
}

/**
 * The server argument of `docker login`/`logout`: none for Docker Hub, whose credentials docker keeps
 * under `https://index.docker.io/v1/` (a `docker logout docker.io` would leave them there).
 */
function server(registry: string): string[] {
  return ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(registry) ? [] : [registry];
}

export function planLogin(credentials: Credentials): string[] {
  const { username, registry } = credentials;
  return ['docker', 'login', '--username', username, '--password-stdin', ...server(registry)];
}

export async function login(credentials: Credentials, retries: number): Promise<void> {
  await withRetries(() => run(planLogin(credentials), { stdin: credentials.password, timeoutMs: 60_000 }), {
    retries,
    label: `login to ${credentials.registry}`,
  });
  core.info(`Logged in to ${credentials.registry} as ${credentials.username}`);
}

export function planLogout(registry: string): string[] {
  return ['docker', 'logout', ...server(registry)];
}

/**
 * The docker config a job's logins go to: a folder of its own under the runner's temp dir, with the
 * settings of the config docker would use (its proxies; its contexts, CLI plugins and buildx builders, linked), but no
 * credential store or helper for the registries berth logs in to, so that `docker login` writes to
 * this file and never to the user's config or keychain. Returns the folder.
 */
export function jobDockerConfig(env: NodeJS.ProcessEnv, registries: readonly string[]): string {
  const root = env.RUNNER_TEMP && existsSync(env.RUNNER_TEMP) ? env.RUNNER_TEMP : tmpdir();
  const dir = mkdtempSync(path.join(root, 'berth-docker-config-'));
  const user = dockerConfigDir(env);
  let config: DockerConfig & Record<string, unknown> = {};
  try {
    config = JSON.parse(readFileSync(path.join(user, 'config.json'), 'utf8')) as typeof config;
  } catch {
    // no config, or not one docker could read either: start empty
  }
  Reflect.deleteProperty(config, 'credsStore');
  for (const registry of registries) Reflect.deleteProperty(config.credHelpers ?? {}, registry);
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2), { mode: 0o600 });
  // buildx keeps its builders (and which one is current) in its folder
  for (const name of ['cli-plugins', 'contexts', 'buildx'])
    if (existsSync(path.join(user, name))) symlinkSync(path.join(user, name), path.join(dir, name));
  return dir;
}
