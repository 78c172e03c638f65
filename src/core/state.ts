// State handed from main to post: what berth created and must remove. Main saves it as it grows
// (state-save.ts), so that a main step that dies halfway still leaves post a complete list. Post reads
// it here, straight from the STATE_<name> variables the runner hands it, so that deciding whether
// post has anything to do loads no package at all.
import type { SetupState } from '../install/phase.js';

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

/** The names main saves under. */
export const STATE_KEYS = { state: 'berth', mainRan: 'isPost' } as const;

/** A value main saved, as post sees it (what `core.getState` reads). */
function saved(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

export function emptyState(): PostState {
  return { containers: [], logins: [], daemonEnv: {} };
}

export function loadState(): PostState {
  const text = saved(STATE_KEYS.state);
  if (!text) return emptyState();
  try {
    return { ...emptyState(), ...(JSON.parse(text) as Partial<PostState>) };
  } catch {
    return emptyState();
  }
}

/** Whether post has anything to undo: containers to remove, registries to log out of, a setup. */
export function hasCleanup(state: PostState): boolean {
  return state.containers.length > 0 || state.logins.length > 0 || state.setup !== undefined;
}

/** True in post: main marks its state, so the one bundle knows it runs as post the second time. */
export function isPost(): boolean {
  return saved(STATE_KEYS.mainRan) === 'true';
}
