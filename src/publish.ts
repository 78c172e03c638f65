// The push phases: the tags (with the stage cache images beside them) when the run may push and the
// tests passed, or the stage cache alone (the Actions cache, a run that may not push its tags).
import * as core from '@actions/core';
import { exportedByBuild, writeCache, type CacheWritten, type PreparedCache } from './build/cache-write.js';
import type { CacheSession } from './build/cache-read.js';
import { run } from './core/exec.js';
import { handoff, type Report } from './core/report.js';
import type { RunContext } from './detect/run-context.js';
import { tagInRegistry } from './registry/api.js';
import type { Credentials } from './registry/login.js';
import {
  pushAtOnce,
  pushDecision,
  pushPolicy,
  readWaveLayers,
  tagOrPush,
  type PublishSettings,
  type PushPolicy,
} from './registry/push.js';

/** What the tags push: the image, and where the registry has it already, if anywhere. */
interface PushedImage {
  imageId: string;
  /** A reference in the image's own repository that served the final stage whole (wholeFromRepository). */
  whole: string | undefined;
  logins: readonly Credentials[];
}

/** What the build phase made, for the push phases. */
export interface Made {
  tags: string[];
  context: RunContext;
  session: CacheSession;
  /**
   * The stage cache images the run writes (once its tests pass; buildx's build exports its own either
   * way), made ready beside the tests.
   */
  cache: PreparedCache | undefined;
  imageId: string;
  /** A reference in the image's own repository that served the final stage whole (wholeFromRepository). */
  whole: string | undefined;
}

/** Whether a passing run writes the stage cache: never from a pull request; to a registry only when it pushes. */
export function writesCacheOnPass(
  settings: Pick<PublishSettings, 'push'>,
  context: RunContext,
  session: CacheSession,
): boolean {
  if (session.mode === 'none') return false;
  if (session.mode === 'actions') return context.pullRequest === undefined;
  return pushDecision(settings.push, context.event, true).push;
}

/** The push phase (tags, and stage cache images with them) and the cache push phase (cache alone). */
export async function publishPhases(
  settings: PublishSettings,
  made: Made,
  testsPassed: boolean,
  report: Report,
): Promise<void> {
  const { tags, context, session } = made;
  const decision = pushDecision(settings.push, context.event, testsPassed);
  const policy = pushPolicy(settings);
  const cache = testsPassed ? made.cache : undefined;
  const cacheNote = ({ refs, failure }: CacheWritten): string => {
    const what = session.builder === 'buildx' ? 'the registry cache' : 'the stage cache';
    if (failure) return `${what} not written: ${failure}`;
    return session.builder === 'buildx'
      ? `${what} ${refs.length > 0 ? 'exported' : 'unchanged'}`
      : `${refs.length} of ${session.caches.length} stage cache images changed`;
  };
  if (!decision.push) {
    report.skip('push', decision.why);
    report.outcome.pushed = [];
  } else {
    const image = { imageId: made.imageId, whole: made.whole, logins: settings.logins };
    const [first, written] = await report.phase('push', () => pushWithCache(tags, policy, cache, image));
    handoff.setOutput('digest', first.digest);
    Object.assign(report.outcome, { pushed: first.pushed, digest: first.digest });
    if (cache) report.note('push', `${tags.length} tags; ${cacheNote(written)}`);
  }
  if (cache && !decision.push) {
    const written = await report.phase('cache push', async () =>
      writeCache(cache.session, cache.request, await cache.ready, policy),
    );
    report.note('cache push', cacheNote(written));
  } else if (!cache && made.cache && exportedByBuild(made.cache)) {
    // buildx's build exported the cache before the tests (a failing test does not make its steps wrong)
    const { failure } = await made.cache.ready;
    const exported = failure
      ? `the build's export of the registry cache failed: ${failure}`
      : 'the registry cache was exported by the build, before the tests';
    report.skip('cache push', `${decision.why}; ${exported}`);
  } else if (!cache) {
    report.skip('cache push', session.mode === 'none' ? 'cache is none' : decision.why);
  }
}

/**
 * Pushes the tags and, when `cache` is given, the changed stage cache images. The first tag uploads the
 * layers alone (pushes of the same new layer at the same time race in the registry: "blob unknown to
 * registry"); the other tags then go on its manifest in the registry, beside the cache images. When the
 * final stage came whole from the image's repository (`whole`), every tag goes on that manifest if it
 * is the very image (pushFirst).
 */
async function pushWithCache(
  tags: readonly string[],
  policy: PushPolicy,
  cache: PreparedCache | undefined,
  image: PushedImage,
): Promise<[{ pushed: string[]; digest: string }, CacheWritten]> {
  const { imageId, logins } = image;
  const pushed = tags[0] ? { ref: tags[0], imageId, logins } : undefined;
  // the stage cache images' layers are read beside the first push, once they are ready (images to
  // push: not buildx's registry cache, which its build exports)
  const images = cache?.session.mode === 'registry' && cache.request.builder !== 'buildx';
  const read = images
    ? cache.ready.then(({ refs }) => (refs.length > 0 ? readWaveLayers(refs, pushed) : []))
    : undefined;
  read?.catch(() => undefined);
  const none: CacheWritten = { refs: [] };
  const [[digest, rest], ready] = await Promise.all([pushFirst(tags, policy, image), cache?.ready ?? none]);
  const [later, written] = await Promise.all([
    tagOrPush(tags[0] ?? '', rest, imageId, policy, logins),
    cache ? writeCache(cache.session, cache.request, ready, policy, pushed, read) : none,
  ]);
  return [{ pushed: [...tags], digest: digest || later }, written];
}

/**
 * Puts the first tag in the registry, or every tag when they can all go on the manifest of the cache
 * image the final stage came from; returns the digest and the tags still to put. A final stage from
 * the cache can still make another image: BuildKit writes its inline cache records in no fixed order,
 * so the config may differ while every layer is there. Then the first tag goes alone with docker (only
 * the config to upload), as one new blob must not be pushed by several tags at once.
 */
async function pushFirst(
  tags: readonly string[],
  policy: PushPolicy,
  image: PushedImage,
): Promise<[string, string[]]> {
  const { imageId, whole, logins } = image;
  if (whole) {
    const tagged = await tagInRegistry(whole, tags, imageId, logins);
    if ('digest' in tagged) {
      core.info(`push: the final stage came whole from ${whole}, the very image: every tag goes on it`);
      for (const tag of tags) core.info(`pushed ${tag} (tagged in the registry)`);
      return [tagged.digest, []];
    }
    core.info(`push: not tagged on ${whole} (${tagged.reason}); the first tag with docker push`);
  }
  return [await pushAtOnce(tags.slice(0, 1), policy), tags.slice(1)];
}

/** An image another job built, pulled and tested (`build: false`). */
export interface Pulled {
  reference: string;
  imageId: string;
  /** The tags asked for; no default tags go on an image berth did not build. */
  tags: string[];
  context: RunContext;
}

/**
 * The push phase of a tested image berth did not build: the tags go on the very manifest the tests ran
 * on, in the registry where it can (one PUT each), else with docker tag and push.
 */
export async function publishPulled(
  settings: PublishSettings,
  pulled: Pulled,
  testsPassed: boolean,
  report: Report,
): Promise<void> {
  const { reference, imageId, tags, context } = pulled;
  const decision = pushDecision(settings.push, context.event, testsPassed);
  report.outcome.pushed = [];
  if (tags.length === 0) return report.skip('push', 'build is false and no tags are given');
  if (!decision.push) return report.skip('push', decision.why);
  const policy = pushPolicy(settings);
  const digest = await report.phase('push', async () => {
    const tagged = await tagInRegistry(reference, tags, imageId, settings.logins);
    if ('digest' in tagged) {
      for (const tag of tags) core.info(`pushed ${tag} (tagged in the registry on the tested manifest)`);
      return tagged.digest;
    }
    core.info(`push: not tagged in the registry (${tagged.reason}); docker tag and push`);
    for (const tag of tags) await run(['docker', 'tag', imageId, tag]);
    const first = await pushAtOnce(tags.slice(0, 1), policy);
    const rest = await tagOrPush(tags[0] ?? '', tags.slice(1), imageId, policy, settings.logins);
    return first || rest;
  });
  handoff.setOutput('digest', digest);
  Object.assign(report.outcome, { pushed: [...tags], digest });
}
