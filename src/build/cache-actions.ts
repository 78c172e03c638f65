// The `actions` cache: stage cache images kept in the GitHub Actions cache instead of a registry. They
// are saved by name with `docker save` into a tar, keyed on the Dockerfile and the branch, and loaded
// back with `docker load`, then re-tagged from an index berth keeps, since a load can lose tags.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { cacheService, loadActionsCache } from '../core/actions-cache.js';
import { run } from '../core/exec.js';

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

/** False (with a notice) where no Actions cache service is there: berth carries on without one. */
export async function actionsCacheAvailable(env: Record<string, string | undefined>): Promise<boolean> {
  if (await cacheService(env)) return true;
  core.notice(
    'cache: actions: no Actions cache service here (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL unset), building without a cache',
  );
  return false;
}

function folder(): string {
  const dir = path.join(process.env.RUNNER_TEMP || tmpdir(), 'berth-cache');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Restores and loads the images; returns their IDs by reference, re-tagged, and the key restored. */
export async function restoreImages(
  keys: ActionsCacheKeys,
): Promise<{ ids: Map<string, string>; key: string }> {
  const dir = folder();
  const files = [path.join(dir, 'images.tar'), path.join(dir, 'index.json')];
  const [first = '', ...rest] = keys.restore;
  const cache = await loadActionsCache();
  const hit = await cache.restoreCache(files, first, rest);
  if (!hit || !existsSync(files[0] as string)) {
    core.info('cache: actions: nothing restored');
    return { ids: new Map(), key: '' };
  }
  await run(['docker', 'load', '--input', files[0] as string], { timeoutMs: 1_800_000 });
  const index = JSON.parse(readFileSync(files[1] as string, 'utf8')) as Record<string, string>;
  for (const [ref, id] of Object.entries(index)) await run(['docker', 'tag', id, ref]);
  core.info(`cache: actions: restored ${hit}, ${Object.keys(index).length} images`);
  return { ids: new Map(Object.entries(index)), key: hit };
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
  const dir = folder();
  const files = [path.join(dir, 'images.tar'), path.join(dir, 'index.json')];
  await run(['docker', 'save', '--output', files[0] as string, ...refs], { timeoutMs: 1_800_000 });
  writeFileSync(files[1] as string, JSON.stringify(Object.fromEntries(ids)));
  const cache = await loadActionsCache();
  await cache.saveCache(files, key);
  core.info(`cache: actions: saved ${refs.length} images as ${key}`);
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
