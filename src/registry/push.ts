// Push: only when the run may (`push` input, event) and the tests passed; transient registry failures
// are retried with backoff.
import * as core from '@actions/core';
import { run, type RunResult } from '../core/exec.js';
import type { Credentials } from './login.js';
import type { TagSettings } from './tags.js';
import { tagInRegistry } from './api.js';
import { CancelledError } from '../core/cancel.js';
import { errorText } from '../core/errors.js';
import { withRetries } from '../core/retry.js';

export type PushMode = 'auto' | 'true' | 'false';

export interface PublishSettings {
  /** How the tags are made. */
  tags: TagSettings;
  push: PushMode;
  /** The registries to log in to: `registry`/`password`, `logins`, the CI's own registry variables. */
  logins: Credentials[];
  /** `promote-from`: the reference whose manifest gets the tags, with no build and no test. */
  promoteFrom: string;
  /** `logout: false` keeps the job's docker config for later steps (DOCKER_CONFIG exported). */
  logout: boolean;
  /** Further attempts for transient registry failures. */
  retries: number;
  /** The bound of the whole push (`push-timeout`), every attempt and retry included. */
  timeoutMs: number;
}

/** How pushes go: retries, and the time past which none starts or goes on. */
export interface PushPolicy {
  retries: number;
  /** Date.now() of the bound. */
  deadline: number;
}

export function pushPolicy(settings: Pick<PublishSettings, 'retries' | 'timeoutMs'>): PushPolicy {
  return { retries: settings.retries, deadline: Date.now() + settings.timeoutMs };
}

const PUSH_EVENTS = new Set([
  'push',
  'create',
  'release',
  'schedule',
  'workflow_dispatch',
  'repository_dispatch',
  'merge_group',
]);

/** Whether to push, and why, for the summary. */
export function pushDecision(
  mode: PushMode,
  event: string,
  testsPassed: boolean,
): { push: boolean; why: string } {
  if (!testsPassed) return { push: false, why: 'the tests failed' };
  if (mode === 'false') return { push: false, why: 'push is false' };
  if (mode === 'true') return { push: true, why: 'push is true' };
  if (PUSH_EVENTS.has(event)) return { push: true, why: `push is auto on a ${event} event` };
  return { push: false, why: `push is auto and this is a ${event} run` };
}

/** The digest `docker push` reports on its last line: `tag: digest: sha256:... size: N`. */
export function parseDigest(output: string): string {
  return /digest: (sha256:[0-9a-f]{64})/.exec(output)?.[1] ?? '';
}

async function pushOne(tag: string, policy: PushPolicy): Promise<string> {
  const left = (): number => Math.max(1_000, policy.deadline - Date.now());
  const push = (): Promise<RunResult> =>
    run(['docker', 'push', tag], { timeoutMs: left(), cancellable: true });
  const result = await withRetries(push, {
    retries: policy.retries,
    label: `push ${tag}`,
    until: policy.deadline,
  }).catch((error: unknown) => {
    throw error instanceof CancelledError ? error : new Error(`push of ${tag}: ${errorText(error)}`);
  });
  core.info(`pushed ${tag}`);
  return parseDigest(result.stdout);
}

/** Pushes tags at once, each with retries; the first digest reported. */
export async function pushAtOnce(tags: readonly string[], policy: PushPolicy): Promise<string> {
  const digests = await Promise.all(tags.map((tag) => pushOne(tag, policy)));
  return digests.find(Boolean) ?? '';
}

/**
 * Puts `tags` on the registry's manifest at `from` when it is the manifest of `imageId`
 * (tagInRegistry); else pushes them with docker, at once. The digest of what the tags point at.
 */
export async function tagOrPush(
  from: string,
  tags: readonly string[],
  imageId: string,
  policy: PushPolicy,
  logins: readonly Credentials[],
): Promise<string> {
  if (tags.length === 0) return '';
  const tagged = await tagInRegistry(from, tags, imageId, logins);
  if ('digest' in tagged) {
    for (const tag of tags) core.info(`pushed ${tag} (tagged in the registry)`);
    return tagged.digest;
  }
  core.info(`push: not tagged in the registry (${tagged.reason}); docker push`);
  return pushAtOnce(tags, policy);
}

/** A local image and its layers (diff IDs), for planning pushes. */
export interface ImageLayers {
  ref: string;
  id: string;
  layers: readonly string[];
}

/**
 * Orders pushes into waves that run one after the other, the pushes of a wave at once: an image goes in
 * the wave after the last earlier image it shares a layer with that the registry may not have yet, so
 * no two pushes upload the same new layer at the same time. Layers in `pushed` are already there.
 */
export function planPushWaves(
  images: readonly Pick<ImageLayers, 'ref' | 'layers'>[],
  pushed: ReadonlySet<string>,
): string[][] {
  const waves: string[][] = [];
  const waveOfLayer = new Map<string, number>();
  for (const { ref, layers } of images) {
    const fresh = layers.filter((layer) => !pushed.has(layer));
    const wave = Math.max(-1, ...fresh.map((layer) => waveOfLayer.get(layer) ?? -1)) + 1;
    for (const layer of fresh) if (!waveOfLayer.has(layer)) waveOfLayer.set(layer, wave);
    (waves[wave] ??= []).push(ref);
  }
  return waves;
}

/** The IDs and layers of local images, in the order asked. */
export async function readLayers(refs: readonly string[]): Promise<ImageLayers[]> {
  if (refs.length === 0) return [];
  const format = '{{.Id}} {{json .RootFS.Layers}}';
  const result = await run(['docker', 'image', 'inspect', '--format', format, ...refs]);
  const lines = result.stdout.trim().split('\n');
  return refs.map((ref, index) => {
    const [id = '', layers = '[]'] = (lines[index] ?? '').split(' ');
    return { ref, id, layers: JSON.parse(layers) as string[] };
  });
}

/** An image the registry has under `ref` now: its layers are there, and its manifest can be tagged. */
export interface InRegistry {
  ref: string;
  imageId: string;
  logins: readonly Credentials[];
}

/** What pushInWaves reads first: the layers of `refs` and then of `pushed`, if given. */
export function readWaveLayers(refs: readonly string[], pushed?: InRegistry): Promise<ImageLayers[]> {
  return readLayers(pushed === undefined ? refs : [...refs, pushed.ref]);
}

/**
 * Pushes images in waves (planPushWaves). An image the registry has already (`pushed`, the image just
 * pushed under its first tag) is tagged in the registry rather than pushed, and its layers need no wave.
 * `read`: readWaveLayers of the same, started earlier.
 */
export async function pushInWaves(
  refs: readonly string[],
  policy: PushPolicy,
  pushed?: InRegistry,
  read: Promise<ImageLayers[]> = readWaveLayers(refs, pushed),
): Promise<void> {
  const images = [...(await read)];
  const done = new Set(pushed === undefined ? [] : (images.pop()?.layers ?? []));
  const same = pushed ? images.filter((image) => image.id === pushed.imageId) : [];
  const waves = planPushWaves(
    images.filter((image) => !same.includes(image)),
    done,
  );
  await Promise.all([
    pushed &&
      tagOrPush(
        pushed.ref,
        same.map((image) => image.ref),
        pushed.imageId,
        policy,
        pushed.logins,
      ),
    (async () => {
      for (const wave of waves) await pushAtOnce(wave, policy);
    })(),
  ]);
}
