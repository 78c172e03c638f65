// Inputs are read here once, into a typed and validated object, before any command runs; nothing else
// reads an input. Each phase gets its own part of it (a build request has no password in it). This
// module loads no package: index.ts checks the inputs before main's code loads.
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { parseReference, parseRepository, type Repository } from './core/image-ref.js';
import { isInside } from './core/file-view.js';
import {
  duration,
  flag,
  inputError,
  items,
  LABEL_KEYS,
  lines,
  notOption,
  oneOf,
  parseKeyValues,
  size,
  type KeyValue,
} from './core/input-values.js';
import type { BuildSettings } from './build/image-build.js';
import { resolveCacheMode } from './build/cache-plan.js';
import type { DetectSettings } from './detect/environment.js';
import { parseInstallSettings, type InstallSettings } from './install/settings.js';
import type { PublishSettings } from './registry/push.js';
import { parsePublishSettings } from './registry/settings.js';
import type { TestSettings } from './test-run/phase.js';

/** Every input action.yml declares; the CLI accepts these as `--name value`. */
export const INPUT_NAMES = [
  'image',
  'build',
  'context',
  'file',
  'target',
  'build-args',
  'tags',
  'labels',
  'default-tags',
  'tag-prefix',
  'tag-suffix',
  'latest',
  'cache-from',
  'cache-key',
  'cache-repository',
  'test-command',
  'test-env',
  'artifacts-path',
  'artifacts-dest',
  'push',
  'registry',
  'username',
  'password',
  'logins',
  'logout',
  'promote-from',
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
  'tested-tree',
  'test-timeout',
  'push-timeout',
  'test-reports',
  'compose-file',
  'compose-services',
  'compose-timeout',
] as const;

export interface Settings {
  /** Repository to build; undefined: detect and set up the daemon only. */
  image: Repository | undefined;
  /** `build: false`: the image to pull and test instead of a build, a reference with a tag or a digest. */
  pull: string | undefined;
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

function dockerHost(value: string): string {
  if (value && !/^(unix|tcp|ssh|npipe):\/\/\S+$/.test(value)) {
    throw inputError(
      'docker-host',
      `'${value}' is not an endpoint such as unix:///var/run/docker.sock or tcp://host:2376`,
    );
  }
  return value;
}

/** Which copied files are JUnit reports: a glob relative to the artifacts folder, never outside it. */
function reportsGlob(value: string): string {
  const glob = value || '**/*.xml';
  if (path.isAbsolute(glob) || glob.split('/').includes('..'))
    throw inputError('test-reports', `'${value}' leads outside the artifacts: use a glob such as **/*.xml`);
  return glob;
}

/**
 * The test commands: one a line, in order; a line that ends with `\\` goes on on the next, as in a
 * shell script. A script of several lines goes in a file of the image.
 */
export function testCommands(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A list given one a line or separated by commas or spaces, each entry a name (a service). */
function listed(name: string, text: string): string[] {
  const entries = text.split(/[\s,]+/).filter(Boolean);
  const bad = entries.find((entry) => !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(entry));
  if (bad) throw inputError(name, `'${bad}' is not a service name (letters, digits, '_', '.', '-')`);
  return entries;
}

/** The compose files: each there, in the workspace or the runner's temp dir. */
function composeFiles(text: string, workspace: string, env: NodeJS.ProcessEnv): string[] {
  return lines(text).map((entry) => {
    const file = path.resolve(workspace, entry);
    const roots = [workspace, env.RUNNER_TEMP].filter((root): root is string => Boolean(root));
    if (!roots.some((root) => isInside(file, root)))
      throw inputError(
        'compose-file',
        `'${entry}' is outside the workspace: use a path inside the repository`,
      );
    if (!existsSync(file)) throw inputError('compose-file', `'${entry}' does not exist`);
    return file;
  });
}

/** A build stage's name, as the Dockerfile's `AS` gives it. */
function target(value: string): string {
  if (value && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value))
    throw inputError('target', `'${value}' is not a stage name (letters, digits, '_', '.', '-')`);
  return value;
}

/** A reference to pull as a cache: `name[:tag][@digest]`. */
function cacheReference(value: string): string {
  const parsed = parseReference(notOption('cache-from', value));
  if (typeof parsed === 'string')
    throw inputError(
      'cache-from',
      `'${value}' ${parsed}: use an image reference such as ghcr.io/acme/shop:cache`,
    );
  return value;
}

/** `cache-key`: what stands in a tag between the branch and the stage. */
function cacheKey(value: string): string {
  if (value && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/.test(value))
    throw inputError('cache-key', `'${value}' is not a key of up to 40 letters, digits, '_', '.', '-'`);
  return value;
}

function cacheRepository(value: string): Repository | undefined {
  if (!value) return undefined;
  const parsed = parseRepository(notOption('cache-repository', value));
  if (typeof parsed === 'string') throw inputError('cache-repository', parsed);
  return parsed;
}

/** Build-arg keys the docker client itself reads: a build argument must not change the client. */
const CLIENT_VARIABLES = /^(DOCKER_\w*|BUILDX_\w*|BUILDKIT_HOST|BUILDKIT_PROGRESS|PATH|HOME|TMPDIR|LD_\w+)$/;

function buildArgs(text: string): KeyValue[] {
  const parsed = parseKeyValues('build-args', text);
  const client = parsed.find(({ key }) => CLIENT_VARIABLES.test(key));
  if (client)
    throw inputError('build-args', `${client.key} is read by the docker client itself; use another name`);
  return parsed;
}

/**
 * Where the reports land: inside the workspace or the runner's temp dir, also through every link on
 * the way (a link committed to the repository may not lead the copy elsewhere).
 */
function artifactsDest(value: string, workspace: string, env: NodeJS.ProcessEnv): string {
  const dest = path.resolve(workspace, value || 'berth-artifacts');
  const roots = [workspace, env.RUNNER_TEMP].filter((root): root is string => Boolean(root));
  const real = realPathOfExisting(dest);
  if (!roots.some((root) => isInside(dest, root) && isInside(real, realPathOfExisting(root)))) {
    throw inputError(
      'artifacts-dest',
      `'${value}' is not inside the workspace or the runner's temp dir (links followed): use a relative path such as reports`,
    );
  }
  return dest;
}

/** The real path of `file`'s deepest existing ancestor, with the rest of `file` after it. */
function realPathOfExisting(file: string): string {
  let existing = file;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  return path.join(realpathSync(existing), path.relative(existing, file));
}

/**
 * The build's context and Dockerfile: both there; a Dockerfile given inside the workspace, the context
 * or the runner's temp dir (where an earlier step may have written one).
 */
function buildPaths(
  read: InputReader,
  workspace: string,
  env: NodeJS.ProcessEnv,
): { context: string; file: string } {
  const context = path.resolve(workspace, read('context') || '.');
  const file = read('file') ? path.resolve(workspace, read('file')) : path.join(context, 'Dockerfile');
  if (!existsSync(context)) throw inputError('context', `'${read('context') || '.'}' does not exist`);
  const roots = [workspace, context, env.RUNNER_TEMP].filter((root): root is string => Boolean(root));
  if (read('file') && !roots.some((root) => isInside(file, root)))
    throw inputError(
      'file',
      `'${read('file')}' is outside the workspace, the context and the runner's temp dir: use a path inside the repository`,
    );
  if (!existsSync(file))
    throw inputError(
      'file',
      `'${path.relative(workspace, file)}' does not exist: set file to the Dockerfile's path`,
    );
  return { context, file };
}

/** The repository to build, or none (detect and set up only). */
function repository(value: string): Repository | undefined {
  const image = value ? parseRepository(value) : undefined;
  if (typeof image === 'string') throw inputError('image', image);
  return image;
}

/** `build: false`: the image to test, with a tag or a digest (never an implied `latest`). */
function pulled(value: string): { image: Repository; pull: string } {
  const example = 'such as ghcr.io/acme/shop:sha-1a2b3c4 or ghcr.io/acme/shop@sha256:...';
  if (!value) throw inputError('image', `is required when build is false: the image to test, ${example}`);
  const reference = parseReference(notOption('image', value));
  if (typeof reference === 'string') throw inputError('image', `'${value}' ${reference}`);
  if (!reference.tag && !reference.digest)
    throw inputError('image', `'${value}' needs a tag or a digest when build is false, ${example}`);
  return { image: reference.repository, pull: value };
}

export function parseSettings(
  read: InputReader,
  workspace: string,
  env: NodeJS.ProcessEnv = process.env,
): Settings {
  const builds = flag('build', read('build'), true);
  const { image, pull } = builds
    ? { image: repository(read('image')), pull: undefined }
    : pulled(read('image'));

  const { context, file } =
    // a promotion builds nothing: it needs no Dockerfile
    image && builds && !read('promote-from')
      ? buildPaths(read, workspace, env)
      : { context: workspace, file: path.join(workspace, 'Dockerfile') };

  const artifactsPath = read('artifacts-path') || '/artifacts';
  if (!artifactsPath.startsWith('/')) {
    throw inputError('artifacts-path', `'${artifactsPath}' must be an absolute path inside the container`);
  }
  const publish = parsePublishSettings(read, image, env);
  const composeList = composeFiles(read('compose-file'), workspace, env);
  const commands = testCommands(read('test-command'));
  if (commands.length === 0 && pull)
    throw inputError('test-command', 'is required when build is false: berth tests the image it pulls');
  if (commands.length === 0 && composeList.length > 0)
    throw inputError('test-command', 'is required with compose-file: the services are there for the tests');
  const cacheInput = read('cache');
  const cache = cacheInput
    ? oneOf('cache', cacheInput, ['registry', 'actions', 'none'] as const, 'registry')
    : '';

  return {
    image,
    pull,
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
      target: target(read('target')),
      buildArgs: buildArgs(read('build-args')),
      cacheFrom: items(read('cache-from')).map(cacheReference),
      cache: resolveCacheMode(cache, publish.push, env),
      noCache: oneOf('no-cache', read('no-cache'), ['auto', 'true', 'false'] as const, 'auto'),
      testedTree: oneOf('tested-tree', read('tested-tree'), ['test', 'trust', 'build'] as const, 'test'),
      retries: publish.retries,
      labels: parseKeyValues('labels', read('labels'), LABEL_KEYS),
      cacheKey: cacheKey(read('cache-key')),
      cacheRepository: cacheRepository(read('cache-repository')),
    },
    test: {
      commands,
      env: parseKeyValues('test-env', read('test-env')),
      artifactsPath,
      artifactsDest: artifactsDest(read('artifacts-dest'), workspace, env),
      timeoutMs: duration('test-timeout', read('test-timeout'), 0),
      reports: reportsGlob(read('test-reports')),
      services: {
        files: composeList,
        services: listed('compose-services', read('compose-services')),
        timeoutMs: duration('compose-timeout', read('compose-timeout'), 120_000) || 120_000,
        workspace,
      },
    },
    publish,
  };
}
