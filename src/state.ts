// State handed from main to post: what berth created and must remove. Saved as it grows, so that a
// main step that dies halfway still leaves post a complete list.
import * as core from '@actions/core';
import type { SetupState } from './setup.js';

export interface PostState {
  /** Containers berth created, by name. */
  containers: string[];
  /** Registries berth logged in to. */
  logins: string[];
  /** Daemon environment main used, so post talks to the same one. */
  daemonEnv: Record<string, string>;
  /** What the setup phase installed and started. */
  setup?: SetupState;
}

const KEY = 'berth';

export function emptyState(): PostState {
  return { containers: [], logins: [], daemonEnv: {} };
}

export function saveState(state: PostState): void {
  core.saveState(KEY, JSON.stringify(state));
}

export function loadState(): PostState {
  const text = core.getState(KEY);
  if (!text) return emptyState();
  try {
    return { ...emptyState(), ...(JSON.parse(text) as Partial<PostState>) };
  } catch {
    return emptyState();
  }
}

/** Set in main, so the one bundle knows it runs as post the second time. */
export function markMainRan(): void {
  core.saveState('isPost', 'true');
}

export function isPost(): boolean {
  return core.getState('isPost') === 'true';
}
