// State handed from main to post: what berth created and must undo. This module holds its one schema.
// Main records each thing as it creates it, through the small interfaces the phases declare
// (test-run's ContainerLog, install's SetupLog), and every record is saved at once, so that a main step
// that dies halfway still leaves post a complete list. Post reads it straight from the STATE_<name>
// variables the runner hands it: deciding whether post has anything to do loads no package at all.
import type { DaemonState } from './daemon/start.js';
import type { PluginRecord } from './install/plugin-files.js';
import type { ComposeProject } from './test-run/services.js';

export interface PostState {
  /** Containers berth created, by name, and not yet removed. */
  containers: string[];
  /** Reports still inside a container (by name): post copies them out before it removes it. */
  reports: Record<string, { path: string; dest: string }>;
  /** Compose projects berth started, taken down in post. */
  services: ComposeProject[];
  /** Registries berth logged in to. */
  logins: string[];
  /** The docker config of the job that holds the logins, removed by post. */
  dockerConfig?: string;
  /** Daemon environment main used, so post talks to the same one. */
  daemonEnv: Record<string, string>;
  /** CLI plugin files berth placed, to put back what they replaced. */
  plugins: PluginRecord[];
  /** The dedicated daemon berth started. */
  daemon?: DaemonState;
}

/** The names main saves under. */
const KEYS = { state: 'berth', mainRan: 'isPost' } as const;

/** Reads a value main saved, by name; empty when there is none. */
export type ReadState = (name: string) => string;

/** A value main saved, as a runner hands it to post (what `core.getState` reads). */
const saved: ReadState = (name) => process.env[`STATE_${name}`] ?? '';

function emptyState(): PostState {
  return { containers: [], reports: {}, services: [], logins: [], daemonEnv: {}, plugins: [] };
}

/** What main left for post: from the runner's STATE_ variables, or from `read` (the CLI's own). */
export function loadState(read: ReadState = saved): PostState {
  const text = read(KEYS.state);
  if (!text) return emptyState();
  try {
    return { ...emptyState(), ...(JSON.parse(text) as Partial<PostState>) };
  } catch {
    return emptyState();
  }
}

/** Whether post has anything to undo. */
export function hasCleanup(state: PostState): boolean {
  return (
    state.containers.length > 0 ||
    state.services.length > 0 ||
    state.logins.length > 0 ||
    state.dockerConfig !== undefined ||
    state.plugins.length > 0 ||
    state.daemon !== undefined
  );
}

/** True in post: main marks its state, so the one bundle knows it runs as post the second time. */
export function isPost(): boolean {
  return saved(KEYS.mainRan) === 'true';
}

/** Saves one named value for post (`core.saveState`, handed in so that this module loads no package). */
export type SaveState = (name: string, value: string) => void;

/** Main's side: each record is saved as it is made. */
export class StateRecorder {
  private readonly state = emptyState();

  constructor(private readonly save: SaveState) {
    save(KEYS.mainRan, 'true');
  }

  private changed(): void {
    this.save(KEYS.state, JSON.stringify(this.state));
  }

  created(container: string, reports?: { path: string; dest: string }): void {
    this.state.containers.push(container);
    if (reports) this.state.reports[container] = reports;
    this.changed();
  }

  copied(container: string): void {
    Reflect.deleteProperty(this.state.reports, container);
    this.changed();
  }

  removed(container: string): void {
    this.state.containers = this.state.containers.filter((name) => name !== container);
    this.changed();
  }

  composeUp(project: ComposeProject): void {
    this.state.services.push(project);
    this.changed();
  }

  loggedIn(registry: string): void {
    this.state.logins.push(registry);
    this.changed();
  }

  dockerConfig(dir: string): void {
    this.state.dockerConfig = dir;
    this.changed();
  }

  daemonEnv(env: Record<string, string>): void {
    this.state.daemonEnv = env;
    this.changed();
  }

  plugin(record: PluginRecord): void {
    this.state.plugins.push(record);
    this.changed();
  }

  daemon(state: DaemonState): void {
    this.state.daemon = state;
    this.changed();
  }
}
