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

export function planLogin(credentials: Credentials): string[] {
  return ['docker', 'login', '--username', credentials.username, '--password-stdin', credentials.registry];
}

export async function login(credentials: Credentials, retries: number): Promise<void> {
  await withRetries(() => run(planLogin(credentials), { stdin: credentials.password, timeoutMs: 60_000 }), {
    retries,
    label: `login to ${credentials.registry}`,
  });
  core.info(`Logged in to ${credentials.registry} as ${credentials.username}`);
}

export function planLogout(registry: string): string[] {
  return ['docker', 'logout', registry];
}
