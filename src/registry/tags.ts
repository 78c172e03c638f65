// The tags a run gets, from the commit, branch, tag and event (cache references are in cache-plan.ts).
import semver from 'semver';
import { toTag, type Repository } from '../core/image-ref.js';
import type { RunContext } from '../detect/run-context.js';

/** `1.2.3`, `1.2`, `1` for `v1.2.3`; only the full version for a pre-release; none for a non-semver tag. */
export function versionTags(gitTag: string): string[] {
  const version = semver.parse(gitTag.replace(/^v/, ''));
  if (!version) return [];
  if (version.prerelease.length > 0) return [toTag(version.version)];
  return [version.version, `${version.major}.${version.minor}`, `${version.major}`];
}

/** Bare tags for a run, most specific first. */
export function runTags(context: RunContext): string[] {
  const tags: string[] = [];
  if (context.sha) tags.push(`sha-${context.sha.slice(0, 7)}`);
  if (context.pullRequest !== undefined) {
    tags.push(`pr-${context.pullRequest}`);
  } else if (context.branch) {
    tags.push(toTag(context.branch));
    if (context.branch === context.defaultBranch) tags.push('latest');
  }
  if (context.gitTag) {
    const versions = versionTags(context.gitTag);
    tags.push(...(versions.length > 0 ? versions : [toTag(context.gitTag)]));
  }
  return tags;
}

/** Full references to push: the run's tags on the image, then the extra ones, without repeats. */
export function imageTags(image: Repository, context: RunContext, extra: readonly string[]): string[] {
  return [...new Set([...runTags(context).map((tag) => `${image.name}:${tag}`), ...extra])];
}
