// Login: the password goes to `docker login` on stdin, is masked where it is born, and post logs out.
import * as core from '@actions/core';
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
