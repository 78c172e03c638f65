// Where the commit, ref and event come from: the CI's variables (GitHub, GitLab, CircleCI), or git on a
// local run. Events are named as GitHub names them, so push and tag rules read the same everywhere.
import { readFileSync } from 'node:fs';
import { run } from '../core/exec.js';

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
}

/** What git says about the checkout, for runs outside CI. */
export interface GitFacts {
  sha: string;
  branch: string;
  gitTag: string;
  defaultBranch: string;
}

type Env = Record<string, string | undefined>;

interface EventPayload {
  repository?: { default_branch?: string };
  pull_request?: { number?: number };
  number?: number;
}

const PULL_EVENTS = new Set(['pull_request', 'pull_request_target']);
const GITLAB_EVENTS: Record<string, string> = {
  merge_request_event: 'pull_request',
  external_pull_request_event: 'pull_request',
  web: 'workflow_dispatch',
  api: 'workflow_dispatch',
  trigger: 'workflow_dispatch',
  pipeline: 'workflow_dispatch',
};

function github(env: Env, payload: EventPayload): RunContext {
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
  };
}

function gitlab(env: Env): RunContext {
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
  };
}

function circleci(env: Env): RunContext {
  const pull = /\/pull\/(\d+)/.exec(env.CIRCLE_PULL_REQUEST ?? '')?.[1];
  return {
    sha: env.CIRCLE_SHA1 ?? '',
    branch: env.CIRCLE_TAG ? '' : (env.CIRCLE_BRANCH ?? ''),
    gitTag: env.CIRCLE_TAG ?? '',
    pullRequest: pull ? Number(pull) : undefined,
    event: pull ? 'pull_request' : 'push',
    defaultBranch: 'main',
  };
}

/** True when the CI's own variables name the commit, so git need not be asked. */
export function needsGit(env: Env): boolean {
  return !env.GITHUB_SHA && !env.CI_COMMIT_SHA && !env.CIRCLE_SHA1;
}

export function resolveRunContext(env: Env, payload: EventPayload, git: GitFacts | undefined): RunContext {
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
  };
}

async function gitSays(args: string[], cwd: string): Promise<string> {
  const result = await run(['git', ...args], { cwd, allowFailure: true, timeoutMs: 10_000 });
  return result.exitCode === 0 ? result.stdout.trim() : '';
}

async function readGit(cwd: string): Promise<GitFacts> {
  const origin = await gitSays(['symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD'], cwd);
  return {
    sha: await gitSays(['rev-parse', 'HEAD'], cwd),
    branch: await gitSays(['symbolic-ref', '--short', '-q', 'HEAD'], cwd),
    gitTag: await gitSays(['describe', '--tags', '--exact-match', 'HEAD'], cwd),
    defaultBranch: origin.replace(/^origin\//, ''),
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

export async function readRunContext(env: Env, cwd: string): Promise<RunContext> {
  const git = needsGit(env) ? await readGit(cwd) : undefined;
  return resolveRunContext(env, readPayload(env.GITHUB_EVENT_PATH), git);
}
