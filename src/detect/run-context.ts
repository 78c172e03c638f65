// Where the commit, ref and event come from: the CI's variables (GitHub, GitLab, CircleCI), or git on a
// local run. Events are named as GitHub names them, so push and tag rules read the same everywhere.
// git is asked for the commit's time, the repository's tags and its remote on every run.
import { readFileSync } from 'node:fs';
import { run } from '../core/exec.js';
import { resolveSource, type Source, type SourceFacts } from './source.js';

export interface RunContext {
  /** Full commit SHA; empty when unknown. */
  sha: string;
  /** Branch being built; empty on a tag. On a pull request, the head branch. */
  branch: string;
  /** Git tag being built; empty on a branch. */
  gitTag: string;
  /** Pull request number, when the run is for one. */
  pullRequest: number | undefined;
  /** push | pull_request | schedule | workflow_dispatch | local | another CI event name. */
  event: string;
  /** The repository's default branch: from the event payload or the CI, else `main`. */
  defaultBranch: string;
  /** The CI's run number (`GITHUB_RUN_NUMBER`, `CI_PIPELINE_IID`, `CIRCLE_BUILD_NUM`); empty on a local run. */
  runNumber: string;
  /** The repository's tags as git lists them, to find the highest version for `latest: auto`. */
  gitTags: string[];
  /** Where the image comes from, for its labels. */
  source: Source;
}

/** What git says about the checkout, for runs outside CI. */
export interface GitFacts extends SourceFacts {
  sha: string;
  branch: string;
  gitTag: string;
  defaultBranch: string;
  /** Every tag of the repository. */
  tags: string[];
}

type Env = Record<string, string | undefined>;

export interface EventPayload {
  repository?: { default_branch?: string; license?: { spdx_id?: string } | null };
  pull_request?: { number?: number };
  number?: number;
  head_commit?: { timestamp?: string } | null;
}

/** What a CI says itself, before git and the repository's files fill in the rest. */
type CiContext = Omit<RunContext, 'gitTags' | 'source'>;

const PULL_EVENTS = new Set(['pull_request', 'pull_request_target']);
const GITLAB_EVENTS: Record<string, string> = {
  merge_request_event: 'pull_request',
  external_pull_request_event: 'pull_request',
  web: 'workflow_dispatch',
  api: 'workflow_dispatch',
  trigger: 'workflow_dispatch',
  pipeline: 'workflow_dispatch',
};

function github(env: Env, payload: EventPayload): CiContext {
  const ref = env.GITHUB_REF ?? '';
  const event = env.GITHUB_EVENT_NAME ?? 'push';
  const pull = /^refs\/pull\/(\d+)\//.exec(ref)?.[1];
  const pullRequest = PULL_EVENTS.has(event)
    ? (payload.pull_request?.number ?? payload.number ?? (pull ? Number(pull) : undefined))
    : undefined;
  const branch = pullRequest !== undefined ? (env.GITHUB_HEAD_REF ?? '') : ref.replace(/^refs\/heads\//, '');
  return {
    sha: env.GITHUB_SHA ?? '',
    branch: ref.startsWith('refs/heads/') || pullRequest !== undefined ? branch : '',
    gitTag: ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : '',
    pullRequest,
    event,
    defaultBranch: payload.repository?.default_branch || 'main',
    runNumber: env.GITHUB_RUN_NUMBER ?? '',
  };
}

function gitlab(env: Env): CiContext {
  const source = env.CI_PIPELINE_SOURCE ?? 'push';
  const mr = env.CI_MERGE_REQUEST_IID;
  return {
    sha: env.CI_COMMIT_SHA ?? '',
    branch: env.CI_COMMIT_TAG
      ? ''
      : (env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME ?? env.CI_COMMIT_BRANCH ?? env.CI_COMMIT_REF_NAME ?? ''),
    gitTag: env.CI_COMMIT_TAG ?? '',
    pullRequest: mr ? Number(mr) : undefined,
    event: GITLAB_EVENTS[source] ?? source,
    defaultBranch: env.CI_DEFAULT_BRANCH || 'main',
    runNumber: env.CI_PIPELINE_IID ?? '',
  };
}

function circleci(env: Env): CiContext {
  const pull = /\/pull\/(\d+)/.exec(env.CIRCLE_PULL_REQUEST ?? '')?.[1];
  return {
    sha: env.CIRCLE_SHA1 ?? '',
    branch: env.CIRCLE_TAG ? '' : (env.CIRCLE_BRANCH ?? ''),
    gitTag: env.CIRCLE_TAG ?? '',
    pullRequest: pull ? Number(pull) : undefined,
    event: pull ? 'pull_request' : 'push',
    defaultBranch: 'main',
    runNumber: env.CIRCLE_BUILD_NUM ?? '',
  };
}

/** True when the CI's own variables name the commit, so git need not be asked. */
export function needsGit(env: Env): boolean {
  return !env.GITHUB_SHA && !env.CI_COMMIT_SHA && !env.CIRCLE_SHA1;
}

function ciContext(env: Env, payload: EventPayload, git: GitFacts | undefined): CiContext {
  if (env.GITHUB_SHA) return github(env, payload);
  if (env.CI_COMMIT_SHA) return gitlab(env);
  if (env.CIRCLE_SHA1) return circleci(env);
  return {
    sha: git?.sha ?? '',
    branch: git?.branch ?? '',
    gitTag: git?.gitTag ?? '',
    pullRequest: undefined,
    event: 'local',
    defaultBranch: git?.defaultBranch || 'main',
    runNumber: '',
  };
}

/** The run's context from the CI's variables, the event payload, and what git and the files say. */
export function resolveRunContext(
  env: Env,
  payload: EventPayload,
  git: GitFacts | undefined,
  licenseText = '',
): RunContext {
  return {
    ...ciContext(env, payload, git),
    gitTags: git?.tags ?? [],
    source: resolveSource(env, payload, git, licenseText),
  };
}

async function gitSays(args: string[], cwd: string): Promise<string> {
  const result = await run(['git', ...args], { cwd, allowFailure: true, timeoutMs: 10_000 });
  return result.exitCode === 0 ? result.stdout.trim() : '';
}

/**
 * What git says about the checkout, asked at once. The commit, branch and tag only outside CI (`full`);
 * the commit's time, the tags and the remote always, for the labels and `latest: auto`.
 */
async function readGit(cwd: string, full: boolean): Promise<GitFacts> {
  const ask = (args: string[], asked = true): Promise<string> =>
    asked ? gitSays(args, cwd) : Promise.resolve('');
  const [origin, sha, branch, gitTag, created, tags, remote] = await Promise.all([
    ask(['symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD'], full),
    ask(['rev-parse', 'HEAD'], full),
    ask(['symbolic-ref', '--short', '-q', 'HEAD'], full),
    ask(['describe', '--tags', '--exact-match', 'HEAD'], full),
    ask(['log', '-1', '--format=%cI', 'HEAD']),
    ask(['tag', '--list']),
    ask(['remote', 'get-url', 'origin']),
  ]);
  return {
    sha,
    branch,
    gitTag,
    defaultBranch: origin.replace(/^origin\//, ''),
    created,
    tags: tags.split('\n').filter(Boolean),
    remote,
    folder: cwd,
  };
}

function readPayload(file: string | undefined): EventPayload {
  if (!file) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as EventPayload;
  } catch {
    return {};
  }
}

/** The repository's license text, from the first of the usual files there is. */
function readLicense(cwd: string): string {
  for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'COPYING']) {
    try {
      return readFileSync(`${cwd}/${name}`, 'utf8').slice(0, 4000);
    } catch {
      // not this one
    }
  }
  return '';
}

export async function readRunContext(env: Env, cwd: string): Promise<RunContext> {
  const git = await readGit(cwd, needsGit(env));
  return resolveRunContext(env, readPayload(env.GITHUB_EVENT_PATH), git, readLicense(cwd));
}
