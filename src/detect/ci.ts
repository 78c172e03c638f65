// Which CI runs the job. ci-info names the vendor; what it lacks is added here: act (which also sets
// GITHUB_ACTIONS), GitHub-hosted vs self-hosted runners and container jobs, and GitLab's executor kind.
import type { Env } from '../core/file-view.js';

export type CiKind =
  | 'github-hosted'
  | 'github-self-hosted'
  | 'github-container'
  | 'act'
  | 'gitlab'
  | 'circleci'
  | 'other'
  | 'local';

export interface Ci {
  kind: CiKind;
  /** A name a person recognises: `GitHub Actions`, `act`, `Jenkins` ... */
  vendor: string;
  /** What else matters about it: GitLab's disposable or shared environment, CircleCI's remote docker. */
  detail: string;
}

/** What ci-info found in the process environment. */
export interface Vendor {
  name: string | null;
  isCI: boolean;
}

function isAct(env: Env): boolean {
  return env.ACT === 'true' || (env.GITHUB_EVENT_PATH ?? '').startsWith('/var/run/act/');
}

function github(env: Env): Ci {
  if ((env.GITHUB_WORKSPACE ?? '').startsWith('/__w/'))
    return {
      kind: 'github-container',
      vendor: 'GitHub Actions',
      detail: 'job container, workspace under /__w',
    };
  if (env.RUNNER_ENVIRONMENT === 'github-hosted')
    return { kind: 'github-hosted', vendor: 'GitHub Actions', detail: 'GitHub-hosted runner' };
  const detail = env.RUNNER_ENVIRONMENT
    ? 'self-hosted runner'
    : 'runner kind not given (RUNNER_ENVIRONMENT unset)';
  return { kind: 'github-self-hosted', vendor: 'GitHub Actions', detail };
}

function gitlab(env: Env): Ci {
  let detail = 'executor kind not given';
  if (env.CI_DISPOSABLE_ENVIRONMENT === 'true')
    detail = 'disposable environment (docker, kubernetes ... executor)';
  if (env.CI_SHARED_ENVIRONMENT === 'true') detail = 'shared environment (shell or ssh executor)';
  return { kind: 'gitlab', vendor: 'GitLab CI', detail };
}

function circleci(env: Env): Ci {
  const remote = /^tcp:\/\//.test(env.DOCKER_HOST ?? '');
  return {
    kind: 'circleci',
    vendor: 'CircleCI',
    detail: remote ? 'remote docker (setup_remote_docker)' : 'no remote docker in DOCKER_HOST',
  };
}

export function detectCi(env: Env, vendor: Vendor): Ci {
  if (isAct(env)) return { kind: 'act', vendor: 'act', detail: 'GitHub Actions run locally by nektos/act' };
  if (env.GITHUB_ACTIONS === 'true' && !env.GITEA_ACTIONS) return github(env);
  if (env.GITLAB_CI) return gitlab(env);
  if (env.CIRCLECI) return circleci(env);
  if (vendor.name || vendor.isCI) return { kind: 'other', vendor: vendor.name ?? 'unknown CI', detail: '' };
  return { kind: 'local', vendor: 'none', detail: 'not in a CI' };
}
