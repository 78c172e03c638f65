// Inputs are read here once, into a typed and validated object; nothing else calls core.getInput.
import * as path from 'node:path';
import { isValidTag, parseRepository, splitReference, type Repository } from './core/image-ref.js';
import { parseSize } from './detect/disk.js';
import { parseInstallSettings, type InstallSettings } from './install/settings.js';
import type { CacheMode, NoCacheMode } from './build/cache-plan.js';
import { lines, parseKeyValues, type KeyValue } from './core/input-values.js';

/** Every input action.yml declares; the CLI accepts these as `--name value`. */
export const INPUT_NAMES = [
  'image',
  'context',
  'file',
  'target',
  'build-args',
  'tags',
  'cache-from',
  'test-command',
  'test-env',
  'artifacts-path',
  'artifacts-dest',
  'push',
  'registry',
  'username',
  'password',
  'retries',
  'docker-version',
  'compose-version',
  'docker-host',
  'min-free-space',
  'prune',
  'docker-channel',
  'docker-download-url',
  'docker-sha256',
  'compose-download-url',
  'compose-sha256',
  'buildx-version',
  'buildx-download-url',
  'buildx-sha256',
  'verify',
  'daemon',
  'daemon-config',
  'daemon-tls',
  'cache',
  'no-cache',
] as const;

export type PushMode = 'auto' | 'true' | 'false';

export interface Credentials {
  /** Registry host to log in to. */
  registry: string;
  username: string;
  /** Masked as soon as it is read; only ever written to stdin. */
  password: string;
}

export interface Settings {
  /** Repository to build; undefined: detect and set up the daemon only. */
  image: Repository | undefined;
  /** Absolute build context directory. */
  context: string;
  /** Absolute Dockerfile path. */
  file: string;
  /** Stage to stop at; empty for the last one. */
  target: string;
  /** Passed as `--build-arg KEY` with the value in the environment, never in argv. */
  buildArgs: KeyValue[];
  /** Extra tags as full references. */
  tags: string[];
  /** Extra cache references, tried after berth's own. */
  cacheFrom: string[];
  /** Run with `/bin/sh -c` in the built image; empty: no test phase. */
  testCommand: string;
  /** Test container environment, passed by name with values in the environment. */
  testEnv: KeyValue[];
  /** Absolute directory inside the test container to copy out. */
  artifactsPath: string;
  /** Absolute host directory the artifacts are copied to. */
  artifactsDest: string;
  push: PushMode;
  /** Present when a password is given. */
  login: Credentials | undefined;
  /** Further attempts for transient registry failures. */
  retries: number;
  /** Docker to install; empty: use what is there. */
  dockerVersion: string;
  /** Compose to install; empty: use what is there. */
  composeVersion: string;
  /** The job's workspace directory. */
  workspace: string;
  /** Daemon endpoint to use before any other; empty: find one. */
  dockerHost: string;
  /** Free space under which berth warns (and prunes when asked). */
  minFreeBytes: number;
  /** Run `docker system prune` when free space is under minFreeBytes. */
  prune: boolean;
  /** What to install and whether to start a dedicated daemon. */
  install: InstallSettings;
  /** Where stage cache images live; empty: the registry, or the Actions cache when berth may not push. */
  cache: CacheMode | '';
  /** `auto`: rebuild every step (and pull newer bases) on scheduled runs. */
  noCache: NoCacheMode;
}

/** Reads one input by name, as `core.getInput` does (trimmed, empty when unset). */
export type InputReader = (name: string) => string;

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((option) => option === value.toLowerCase());
  if (found === undefined) throw new Error(`${name}: '${value}' is not one of ${allowed.join(', ')}`);
  return found;
}

function count(name: string, value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new Error(`${name}: '${value}' is not a whole number from 0 to ${max}`);
  }
  return Number(value);
}

function extraTag(repository: Repository | undefined, tag: string): string {
  if (isValidTag(tag)) {
    if (!repository) throw new Error(`tags: bare tag '${tag}' needs 'image' to be set`);
    return `${repository.name}:${tag}`;
  }
  const { name, tag: suffix } = splitReference(tag);
  const parsed = parseRepository(name);
  if (typeof parsed === 'string' || !suffix || !isValidTag(suffix)) {
    throw new Error(
      `tags: '${tag}' is neither a tag (letters, digits, '_', '.', '-') nor a name:tag reference`,
    );
  }
  return `${parsed.name}:${suffix}`;
}

function size(name: string, value: string): number {
  const bytes = parseSize(value);
  if (bytes === undefined) throw new Error(`${name}: '${value}' is not a size such as 2GiB, 500MB or 0`);
  return bytes;
}

function dockerHost(value: string): string {
  if (value && !/^(unix|tcp|ssh|npipe):\/\/./.test(value)) {
    throw new Error(
      `docker-host: '${value}' is not an endpoint such as unix:///var/run/docker.sock or tcp://host:2376`,
    );
  }
  return value;
}

export function parseSettings(read: InputReader, workspace: string): Settings {
  const imageText = read('image');
  const image = imageText ? parseRepository(imageText) : undefined;
  if (typeof image === 'string') throw new Error(`image: ${image}`);

  const context = path.resolve(workspace, read('context') || '.');
  const file = read('file') ? path.resolve(workspace, read('file')) : path.join(context, 'Dockerfile');

  const artifactsPath = read('artifacts-path') || '/artifacts';
  if (!artifactsPath.startsWith('/')) {
    throw new Error(`artifacts-path: '${artifactsPath}' must be an absolute path inside the container`);
  }

  const username = read('username');
  const password = read('password');
  if (Boolean(username) !== Boolean(password)) {
    throw new Error(
      `${username ? 'password' : 'username'}: is required when '${username ? 'username' : 'password'}' is set`,
    );
  }
  const registry = read('registry') || image?.registry || '';
  if (password && !registry) throw new Error('registry: is required to log in when no image is given');

  return {
    image,
    context,
    file,
    target: read('target'),
    buildArgs: parseKeyValues('build-args', read('build-args')),
    tags: lines(read('tags')).map((tag) => extraTag(image, tag)),
    cacheFrom: lines(read('cache-from')),
    testCommand: read('test-command'),
    testEnv: parseKeyValues('test-env', read('test-env')),
    artifactsPath,
    artifactsDest: path.resolve(workspace, read('artifacts-dest') || 'berth-artifacts'),
    push: oneOf('push', read('push') || 'auto', ['auto', 'true', 'false'] as const),
    login: password ? { registry, username, password } : undefined,
    retries: count('retries', read('retries') || '3', 20),
    dockerVersion: read('docker-version'),
    composeVersion: read('compose-version'),
    workspace,
    dockerHost: dockerHost(read('docker-host')),
    minFreeBytes: size('min-free-space', read('min-free-space') || '2GiB'),
    prune: oneOf('prune', read('prune') || 'false', ['true', 'false'] as const) === 'true',
    install: parseInstallSettings(read),
    cache: read('cache') ? oneOf('cache', read('cache'), ['registry', 'actions', 'none'] as const) : '',
    noCache: oneOf('no-cache', read('no-cache') || 'auto', ['auto', 'true', 'false'] as const),
  };
}
