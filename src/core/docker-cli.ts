// What the docker CLI keeps and says: its own folder (config.json, contexts, cli-plugins) and the JSON
// of `docker version`. Read by detection (contexts), the installs (plugins, versions) and the registry
// client (credentials).
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { Env, FileView } from './file-view.js';

/** `docker version --format '{{json .}}'`, the parts berth reads. */
export interface VersionJson {
  Client?: { Version?: string; ApiVersion?: string; DefaultAPIVersion?: string };
  Server?: { Version?: string; ApiVersion?: string } | null;
}

/** The parts of `config.json` berth reads. */
export interface DockerConfig {
  currentContext?: string;
  auths?: Record<string, { auth?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** The user's home: `$HOME`, else what the system says. */
export function home(env: Env): string {
  return env.HOME || homedir();
}

/** The docker CLI's own folder (config.json, contexts, cli-plugins): `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: Env): string {
  return env.DOCKER_CONFIG || path.join(home(env), '.docker');
}

/** The CLI's `config.json` (`{}` when there is none), or why it cannot be read. */
export function readDockerConfig(
  env: Env,
  files: Pick<FileView, 'read'>,
): DockerConfig | { invalid: string } {
  const file = path.join(dockerConfigDir(env), 'config.json');
  try {
    return JSON.parse(files.read(file) ?? '{}') as DockerConfig;
  } catch {
    return { invalid: `${file} is not valid JSON` };
  }
}
