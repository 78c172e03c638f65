// The `actions` cache: stage cache images kept in the GitHub Actions cache instead of a registry, keyed
// on the Dockerfile and the branch. An entry is the index of the images (reference to ID, one JSON line)
// followed by `docker save` of them by name, streamed to the service as it is written; a restore
// streams the download into `docker load`, with no file on either side (see core/actions-cache.ts for
// what that saves), and re-tags the images from the index, since a load can lose tags.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as core from '@actions/core';
import {
  cacheService,
  createEntry,
  finalizeEntry,
  loadActionsCache,
  openEntry,
  streamService,
  streamVersion,
  uploadEntry,
} from '../core/actions-cache.js';
import { errorText } from '../core/errors.js';
import { run } from '../core/exec.js';

/** The entries' format: the index line, then the saved images, uncompressed. */
const IMAGES_VERSION = streamVersion('docker-save/1');
/** The index line is small (a reference and an ID per stage): a longer one is not an entry of this format. */
const INDEX_LIMIT = 1024 * 1024;

export interface ActionsCacheKeys {
  /** The key a save writes: prefix plus a hash of the image IDs, since a key can be written once. */
  prefix: string;
  /** Prefixes a restore tries: this branch's, then the default branch's. */
  restore: string[];
}

/** Keys from the image name, the Dockerfile's content and the branches. */
export function actionsCacheKeys(
  image: string,
  dockerfile: string,
  branch: string,
  defaultBranch: string,
): ActionsCacheKeys {
  const hash = createHash('sha256').update(image).update('\0').update(dockerfile).digest('hex').slice(0, 16);
  const restore = [...new Set([branch, defaultBranch].filter(Boolean))].map(
    (name) => `berth-${hash}-${name}-`,
  );
  return { prefix: restore[0] ?? `berth-${hash}--`, restore };
}

/** The save key for a set of images: the same images give the same key, so nothing is saved twice. */
export function saveKey(keys: ActionsCacheKeys, ids: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const [ref, id] of [...ids].sort()) hash.update(`${ref}=${id}\n`);
  return `${keys.prefix}${hash.digest('hex').slice(0, 16)}`;
}

/**
 * False (with a notice) where the Actions cache service berth needs is not there: berth carries on
 * without a cache. The stage images speak its v2 protocol themselves (GitHub Enterprise Server has only
 * v1), so they do not wait for @actions/cache to load; buildx's folder goes through it.
 */
export async function actionsCacheAvailable(
  env: Record<string, string | undefined>,
  folderCache: boolean,
): Promise<boolean> {
  if (folderCache ? await cacheService(env) : streamService(env)) return true;
  core.notice(
    folderCache
      ? 'cache: actions: no Actions cache service here (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL unset), building without a cache'
      : 'cache: actions: no Actions cache service v2 here (ACTIONS_RESULTS_URL / ACTIONS_CACHE_SERVICE_V2 unset; GitHub Enterprise Server has v1 only), building without a cache',
  );
  return false;
}

function folder(): string {
  const dir = path.join(process.env.RUNNER_TEMP || tmpdir(), 'berth-cache');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Splits a restored entry into its index and the saved images that follow it: the download itself,
 * with what came after the index line put back in front (the download piped on as it is costs a
 * third less CPU than through another stream: 0.22 s against 0.33 s for 150 MiB).
 */
export function readIndex(body: Readable): Promise<{ index: Record<string, string>; images: Readable }> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const stop = (): void => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.pause();
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    const onEnd = (): void => onError(new Error('the cache entry has no index line'));
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf(10);
      if (end < 0 && head.length <= INDEX_LIMIT) return;
      if (end < 0) return onEnd();
      stop();
      body.unshift(head.subarray(end + 1));
      try {
        resolve({
          index: JSON.parse(head.subarray(0, end).toString('utf8')) as Record<string, string>,
          images: body,
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', onError);
  });
}

/** Restores and loads the images; returns their IDs by reference, re-tagged, and the key restored. */
export async function restoreImages(
  keys: ActionsCacheKeys,
): Promise<{ ids: Map<string, string>; key: string }> {
  const none = { ids: new Map<string, string>(), key: '' };
  const [first = '', ...rest] = keys.restore;
  let body: Readable | undefined;
  try {
    const entry = await openEntry(first, rest, IMAGES_VERSION);
    if (!entry) {
      core.info('cache: actions: nothing restored');
      return none;
    }
    body = entry.body;
    const { index, images } = await readIndex(body);
    const load = await run(['docker', 'load', '--quiet'], { input: images, timeoutMs: 1_800_000 });
    // each tag the load did not put back (one command each, about 0.1 s on a busy runner)
    const loaded = new Set(load.stdout.split('\n').map((line) => line.replace(/^Loaded image: /, '').trim()));
    for (const [ref, id] of Object.entries(index))
      if (!loaded.has(ref)) await run(['docker', 'tag', id, ref]);
    core.info(`cache: actions: restored ${entry.key}, ${Object.keys(index).length} images`);
    return { ids: new Map(Object.entries(index)), key: entry.key };
  } catch (error) {
    // the rest of a download that failed is not waited for
    body?.destroy();
    core.warning(
      `cache: actions: the stage images were not restored (${errorText(error)}); building without them`,
    );
    return none;
  }
}

/** Saves the images by name, unless the very same set is already saved. */
export async function saveImages(
  keys: ActionsCacheKeys,
  refs: readonly string[],
  restored: string,
): Promise<void> {
  if (refs.length === 0) return;
  const ids = new Map<string, string>();
  for (const ref of refs) {
    const inspect = await run(['docker', 'image', 'inspect', '--format', '{{.Id}}', ref]);
    ids.set(ref, inspect.stdout.trim());
  }
  const key = saveKey(keys, ids);
  if (key === restored) return;
  const url = await createEntry(key, IMAGES_VERSION);
  if (!url) {
    core.info(`cache: actions: ${key} is saved already`);
    return;
  }
  const index = Buffer.from(`${JSON.stringify(Object.fromEntries(ids))}\n`);
  let size = 0;
  await run(['docker', 'save', ...refs], {
    timeoutMs: 1_800_000,
    output: async (saved) => {
      size = await uploadEntry(
        url,
        (async function* () {
          yield index;
          yield* saved as AsyncIterable<Buffer>;
        })(),
      );
    },
  });
  // only once docker save has said it succeeded: a save that failed half-way is never restored
  await finalizeEntry(key, IMAGES_VERSION, size);
  core.info(`cache: actions: saved ${refs.length} images as ${key} (${(size / 2 ** 20).toFixed(0)} MiB)`);
}

/**
 * buildx's cache as a folder (`type=local`), for builders that read no image loaded into the daemon
 * (the containerd image store, a builder in a container): `src` is restored from the Actions cache,
 * `dest` is where this run exports its cache.
 */
export function buildxFolders(): { src: string; dest: string } {
  const dir = folder();
  return { src: path.join(dir, 'buildx'), dest: path.join(dir, 'buildx-new') };
}

/** Restores buildx's cache folder; the key restored, empty when none. */
export async function restoreFolder(keys: ActionsCacheKeys, dir: string): Promise<string> {
  const [first = '', ...rest] = keys.restore;
  const cache = await loadActionsCache();
  const hit = await cache.restoreCache([dir], first, rest);
  if (!hit || !existsSync(path.join(dir, 'index.json'))) {
    core.info('cache: actions: nothing restored');
    return '';
  }
  core.info(`cache: actions: restored ${hit}, buildx's cache of every stage`);
  return hit;
}

/**
 * Saves buildx's exported cache folder, keyed on its index: the same cache is never saved twice. It is
 * saved from where a restore puts it (the Actions cache keys an entry on its paths): `exported` takes
 * the place of `dir`.
 */
export async function saveFolder(
  keys: ActionsCacheKeys,
  exported: string,
  dir: string,
  restored: string,
): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  renameSync(exported, dir);
  const index = readFileSync(path.join(dir, 'index.json'));
  const key = `${keys.prefix}${createHash('sha256').update(index).digest('hex').slice(0, 16)}`;
  if (key === restored) return;
  const cache = await loadActionsCache();
  await cache.saveCache([dir], key);
  core.info(`cache: actions: saved buildx's cache as ${key}`);
}
