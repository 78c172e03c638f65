// Inputs are read here once, into a typed and validated object, before any command runs; nothing else
// reads an input. Each phase gets its own part of it (a build request has no password in it). This
// module loads no package: index.ts checks the inputs before main's code loads.
import { homedir } from 'node:os';
import * as path from 'node:path';
import { isValidTag, parseRepository, splitReference, type Repository } from './core/image-ref.js';
import { flag, inputError, lines, oneOf, parseKeyValues, size, wholeNumber } from './core/input-values.js';
import type { BuildSettings } from './build/image-build.js';
import { resolveCacheMode } from './build/cache-plan.js';
import type { DetectSettings } from './detect/environment.js';
import { parseInstallSettings, type InstallSettings } from './install/settings.js';
import type { PublishSettings } from './registry/push.js';
import type { TestSettings } from './test-run/phase.js';

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
  'storage-driver',
  'cache',
  'no-cache',
] as const;

export interface Settings {
  /** Repository to build; undefined: detect and set up the daemon only. */
  image: Repository | undefined;
  /** The job's workspace directory. */
  workspace: string;
  /** What to install and whether to start a dedicated daemon. */
  install: InstallSettings;
  /** Where to look for the daemon, and the disk checks. */
  detect: DetectSettings;
  /** What to build, and its cache. */
  build: BuildSettings;
  /** The tests and their reports. */
  test: TestSettings;
  /** Login, tags and push. */
  publish: PublishSettings;
}

/** Reads one input by name, trimmed, empty when unset. */
export type InputReader = (name: string) => string;

/** Inputs as a runner passes them: `INPUT_<NAME>` with spaces as `_`, upper-cased (as `core.getInput`). */
export function envInputs(env: NodeJS.ProcessEnv): InputReader {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** The job's folder. CircleCI gives its working directory as `~/project`, so `~` is expanded here. */
export function workspace(env: NodeJS.ProcessEnv): string {
  const circle = env.CIRCLE_WORKING_DIRECTORY?.replace(/^~(?=\/|$)/, homedir());
  return env.GITHUB_WORKSPACE || env.CI_PROJECT_DIR || circle || process.cwd();
}

function extraTag(repository: Repository | undefined, tag: string): string {
  if (isValidTag(tag)) {
    if (!repository) throw inputError('tags', `bare tag '${tag}' needs 'image' to be set`);
    return `${repository.name}:${tag}`;
  }
  const { name, tag: suffix } = splitReference(tag);
  const parsed = parseRepository(name);
  if (typeof parsed === 'string' || !suffix || !isValidTag(suffix)) {
    throw inputError(
      'tags',
      `'${tag}' is neither a tag (letters, digits, '_', '.', '-') nor a name:tag reference`,
    );
  }
  return `${parsed.name}:${suffix}`;
}

function dockerHost(value: string): string {
  if (value && !/^(unix|tcp|ssh|npipe):\/\/./.test(value)) {
    throw inputError(
      'docker-host',
      `'${value}' is not an endpoint such as unix:///var/run/docker.sock or tcp://host:2376`,
    );
  }
  return value;
}

function publishSettings(read: InputReader, image: Repository | undefined): PublishSettings {
  const username = read('username');
  const password = read('password');
  if (Boolean(username) !== Boolean(password)) {
    const [missing, given] = username ? ['password', 'username'] : ['username', 'password'];
    throw inputError(missing, `is required when '${given}' is set`);
  }
  const registry = read('registry') || image?.registry || '';
  if (password && !registry) throw inputError('registry', 'is required to log in when no image is given');
  return {
    tags: lines(read('tags')).map((tag) => extraTag(image, tag)),
    push: oneOf('push', read('push'), ['auto', 'true', 'false'] as const, 'auto'),
    login: password ? { registry, username, password } : undefined,
    retries: wholeNumber('retries', read('retries') || '3', 20),
  };
}

export function parseSettings(
  read: InputReader,
  workspace: string,
  env: NodeJS.ProcessEnv = process.env,
): Settings {
  const imageText = read('image');
  const image = imageText ? parseRepository(imageText) : undefined;
  if (typeof image === 'string') throw inputError('image', image);

  const context = path.resolve(workspace, read('context') || '.');
  const file = read('file') ? path.resolve(workspace, read('file')) : path.join(context, 'Dockerfile');

  const artifactsPath = read('artifacts-path') || '/artifacts';
  if (!artifactsPath.startsWith('/')) {
    throw inputError('artifacts-path', `'${artifactsPath}' must be an absolute path inside the container`);
  }
  const publish = publishSettings(read, image);
  const cacheInput = read('cache');
  const cache = cacheInput
    ? oneOf('cache', cacheInput, ['registry', 'actions', 'none'] as const, 'registry')
    : '';

  return {
    image,
    workspace,
    install: parseInstallSettings(read),
    detect: {
      dockerHost: dockerHost(read('docker-host')),
      workspace,
      minFreeBytes: size('min-free-space', read('min-free-space') || '2GiB'),
      prune: flag('prune', read('prune'), false),
    },
    build: {
      context,
      file,
      target: read('target'),
      buildArgs: parseKeyValues('build-args', read('build-args')),
      cacheFrom: lines(read('cache-from')),
      cache: resolveCacheMode(cache, publish.push, env),
      noCache: oneOf('no-cache', read('no-cache'), ['auto', 'true', 'false'] as const, 'auto'),
      retries: publish.retries,
    },
    test: {
      command: read('test-command'),
      env: parseKeyValues('test-env', read('test-env')),
      artifactsPath,
      artifactsDest: path.resolve(workspace, read('artifacts-dest') || 'berth-artifacts'),
    },
    publish,
  };
}
