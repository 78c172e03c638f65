// The tags a run gets, each with the rule that made it (cache references are in cache-plan.ts):
// the default tags from the commit, branch, tag and event, `latest` by its own rule, and the `tags`
// entries (literal tags, full references, templates), with `tag-prefix`/`tag-suffix` on what berth
// computes.
import semver from 'semver';
import { isValidTag, toTag, type Repository } from '../core/image-ref.js';
import type { RunContext } from '../detect/run-context.js';
import { hasTemplate, renderTemplate, splitEntry, type TemplateValues } from './templates.js';

export type LatestMode = 'auto' | 'true' | 'false';

/** How the tags are made, from the inputs (inputs.ts). */
export interface TagSettings {
  /** The `tags` entries as written: a tag, a full reference, either with templates or not. */
  entries: string[];
  /** `default-tags`: the `sha-`, branch, `pr-` and version tags. */
  defaultTags: boolean;
  /** Put before and after every tag berth computes (the default tags and the templates). */
  prefix: string;
  suffix: string;
  latest: LatestMode;
}

/** A tag and why the run has it, for the summary. */
export interface ComputedTag {
  /** Full reference, `name:tag`. */
  ref: string;
  rule: string;
}

/** The tags of a run, its version, and the entries that gave no tag (and why), for the summary. */
export interface RunTags {
  tags: ComputedTag[];
  /** `1.2.3` on a version tag, else the tag, `pr-N`, the branch, or `sha-<7>`: what metadata-action calls it. */
  version: string;
  left: string[];
}

/** A git tag as a version: `v1.2.3` and `1.2.3` are; `nightly` is not. */
export function parseVersion(gitTag: string): semver.SemVer | null {
  return semver.parse(gitTag.replace(/^v/, ''));
}

/**
 * `1.2.3`, `1.2`, `1` for `v1.2.3`; `0.4.1`, `0.4` for `v0.4.1` (a `0` tag would follow every
 * incompatible 0.x release); only the full version for a pre-release; none for a non-semver tag.
 */
export function versionTags(gitTag: string): string[] {
  const version = parseVersion(gitTag);
  if (!version) return [];
  if (version.prerelease.length > 0) return [toTag(version.version)];
  const minor = `${version.major}.${version.minor}`;
  return version.major === 0 ? [version.version, minor] : [version.version, minor, `${version.major}`];
}

/** Why `latest` goes on this run under `latest: auto`, or undefined when it does not. */
export function latestReason(context: RunContext): string | undefined {
  if (context.pullRequest === undefined && context.branch && context.branch === context.defaultBranch)
    return `latest: auto, the default branch ${context.branch}`;
  const version = parseVersion(context.gitTag);
  if (!version || version.prerelease.length > 0) return undefined;
  const higher = context.gitTags
    .map(parseVersion)
    .find((other) => other && other.prerelease.length === 0 && semver.gt(other, version));
  if (higher) return undefined;
  return `latest: auto, ${context.gitTag} is the highest release`;
}

/** What the templates stand for in this run. */
export function templateValues(context: RunContext, now: Date): TemplateValues {
  const version = parseVersion(context.gitTag);
  const release = version && version.prerelease.length === 0 ? version : undefined;
  return {
    sha: context.sha.slice(0, 7),
    branch: context.branch ? toTag(context.branch) : '',
    version: version ? toTag(version.version) : '',
    major: release ? `${release.major}` : '',
    minor: release ? `${release.minor}` : '',
    patch: release ? `${release.patch}` : '',
    pr: context.pullRequest === undefined ? '' : `${context.pullRequest}`,
    run: context.runNumber,
    now,
  };
}

/** The version outputs and labels carry: the version, else the git tag, `pr-N`, the branch, `sha-<7>`. */
export function runVersion(context: RunContext): string {
  const version = parseVersion(context.gitTag);
  if (version) return version.version;
  if (context.gitTag) return toTag(context.gitTag);
  if (context.pullRequest !== undefined) return `pr-${context.pullRequest}`;
  if (context.branch) return toTag(context.branch);
  return context.sha ? `sha-${context.sha.slice(0, 7)}` : '';
}

/** The default tags, bare, each with its rule. */
function defaultTags(context: RunContext): [string, string][] {
  const tags: [string, string][] = [];
  if (context.sha) tags.push([`sha-${context.sha.slice(0, 7)}`, 'default: the commit']);
  if (context.pullRequest !== undefined) {
    tags.push([`pr-${context.pullRequest}`, `default: pull request ${context.pullRequest}`]);
  } else if (context.branch) {
    tags.push([toTag(context.branch), `default: the branch ${context.branch}`]);
  }
  if (context.gitTag) {
    const versions = versionTags(context.gitTag);
    const zero = parseVersion(context.gitTag)?.major === 0 ? ' (no 0 tag for a 0.x version)' : '';
    const rule = `default: the version tag ${context.gitTag}${zero}`;
    if (versions.length > 0) for (const tag of versions) tags.push([tag, rule]);
    else tags.push([toTag(context.gitTag), `default: the git tag ${context.gitTag}`]);
  }
  return tags;
}

/**
 * Every tag of a run: the default tags, `latest`, then the `tags` entries, without repeats (the first
 * rule that made a tag is the one shown). An entry whose template has no value in this run (`{{pr}}`
 * on a push, `{{version}}` on a branch) is left out, and said so.
 */
export function computeTags(
  image: Repository,
  settings: TagSettings,
  context: RunContext,
  now: Date,
): RunTags {
  const { prefix, suffix } = settings;
  const tags: ComputedTag[] = [];
  const left: string[] = [];
  const add = (name: string, tag: string, rule: string): void => {
    if (!isValidTag(tag)) throw new Error(`tags: '${tag}' (${rule}) is not a valid tag`);
    const ref = `${name}:${tag}`;
    if (!tags.some((known) => known.ref === ref)) tags.push({ ref, rule });
  };
  if (settings.defaultTags)
    for (const [tag, rule] of defaultTags(context)) add(image.name, `${prefix}${tag}${suffix}`, rule);
  const latest =
    settings.latest === 'true'
      ? 'latest: true'
      : settings.latest === 'auto' && settings.defaultTags
        ? latestReason(context)
        : undefined;
  if (latest) add(image.name, 'latest', latest);
  const values = templateValues(context, now);
  for (const entry of settings.entries) {
    const { name, tag } = splitEntry(entry);
    if (!hasTemplate(tag)) {
      add(name || image.name, tag, `tags: ${entry}`);
      continue;
    }
    const rendered = renderTemplate(tag, values);
    if (rendered === undefined) left.push(`tags: ${entry} (a template has no value in this run)`);
    else add(name || image.name, `${prefix}${rendered}${suffix}`, `tags: ${entry}`);
  }
  return { tags, version: runVersion(context), left };
}
