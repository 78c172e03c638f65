// Services: the databases and queues the tests talk to, started with compose from the user's files
// (`docker compose`, the v2 plugin, where it is there; else `docker-compose`, v1), waited for until
// their healthchecks pass, and taken down in post. The test container joins the project's network, so
// that service names resolve. Nothing here needs `--force-recreate`, `exec` or `rm`, which some
// daemons cannot do: the project has a name of its own, and its containers are read with `docker`
// itself (by the compose labels, which v1 and v2 both set), so one code path serves both.
import * as path from 'node:path';
import * as core from '@actions/core';
import { containerName } from '../core/container.js';
import { errorText, lastLine, withKind, type FailureKind } from '../core/errors.js';
import { run } from '../core/exec.js';
import type { Report } from '../core/report.js';
import { throwIfCancelled } from '../core/cancel.js';
import { pause } from '../core/retry.js';
import { checkBinds, readConfig, workspaceBinds, type ComposeConfig } from './binds.js';
import { handBack } from './ownership.js';

export interface ServicesSettings {
  /** The compose files, absolute paths; none: no services. */
  files: string[];
  /** The services to start; empty: every service of the files. */
  services: string[];
  /** How long the services may take to be healthy (`compose-timeout`). */
  timeoutMs: number;
  /** The job's workspace: the files services write in its folders are handed back in post. */
  workspace: string;
}

/** A compose project berth started: what post needs to take it down. */
export interface ComposeProject {
  /** `docker compose` or `docker-compose`. */
  tool: string[];
  name: string;
  files: string[];
  /** The project's folder: the first file's, where compose reads `.env` (v1 and v2 alike). */
  directory: string;
  /** The workspace's sources the services bind, whose files post hands back to the runner. */
  binds: string[];
  /** Local images to hand them back with: the image under test, then the services'. */
  images: string[];
}

/** Where the services phase records the project post must take down, before it starts it. */
export interface ServicesLog {
  composeUp(project: ComposeProject): void;
}

/** Started services: the networks the test container joins, and their containers for the logs. */
export interface Services {
  project: ComposeProject;
  networks: string[];
  states: ServiceState[];
}

function base(project: ComposeProject): string[] {
  return [
    ...project.tool,
    '--project-name',
    project.name,
    ...['--project-directory', project.directory],
    ...project.files.flatMap((file) => ['--file', file]),
  ];
}

export function planUp(project: ComposeProject, services: readonly string[]): string[] {
  return [...base(project), 'up', '--detach', ...services];
}

/**
 * The project's containers, networks and named volumes go; a removal that fails is a warning. The
 * services are thrown away with their volumes, so they get 3 s to stop, not the default 10.
 */
export function planDown(project: ComposeProject): string[] {
  return [...base(project), 'down', '--volumes', '--remove-orphans', '--timeout', '3'];
}

/** One container of the project, as `docker inspect` reads it (STATE_FORMAT). */
export interface ServiceState {
  id: string;
  service: string;
  /** created, running, restarting, exited, dead ... */
  status: string;
  /** starting, healthy, unhealthy; empty without a healthcheck. */
  health: string;
  exitCode: number;
  networks: string[];
}

// the inspect template reads JSON as maps: a container without a healthcheck has no Health key at all
const STATE_FORMAT =
  '{{.Id}}\t{{index .Config.Labels "com.docker.compose.service"}}\t{{.State.Status}}\t' +
  '{{with index .State "Health"}}{{.Status}}{{end}}\t{{.State.ExitCode}}\t{{json .NetworkSettings.Networks}}';

export function parseStates(text: string): ServiceState[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [id = '', service = '', status = '', health = '', code = '0', networks = '{}'] = line.split('\t');
      const names = Object.keys((JSON.parse(networks) ?? {}) as Record<string, unknown>).sort();
      return { id, service, status, health, exitCode: Number(code), networks: names };
    });
}

/** Whether the services are ready: each running and healthy (or with no healthcheck), or done with 0. */
export function readiness(states: readonly ServiceState[]): { failed?: string; waiting: string[] } {
  for (const state of states) {
    if (state.health === 'unhealthy') return { failed: `service ${state.service} is unhealthy`, waiting: [] };
    if ((state.status === 'exited' || state.status === 'dead') && state.exitCode !== 0)
      return { failed: `service ${state.service} exited with code ${state.exitCode}`, waiting: [] };
  }
  const waiting = states
    .filter(
      (state) => state.status !== 'exited' && (state.status !== 'running' || state.health === 'starting'),
    )
    .map((state) => `${state.service} (${state.health || state.status})`);
  return { waiting: states.length === 0 ? ['no container yet'] : waiting };
}

/** The networks the test container joins: the project's default one first, then every other one. */
export function networksOf(states: readonly ServiceState[], project: string): string[] {
  const all = [...new Set(states.flatMap((state) => state.networks))].sort();
  const preferred = `${project}_default`;
  return all.includes(preferred) ? [preferred, ...all.filter((name) => name !== preferred)] : all;
}

/** `docker compose` where the plugin answers, else `docker-compose`. */
async function composeTool(): Promise<string[]> {
  for (const tool of [['docker', 'compose'], ['docker-compose']]) {
    const result = await run([...tool, 'version'], { allowFailure: true, timeoutMs: 30_000 }).catch(
      () => undefined,
    );
    if (result?.exitCode === 0) return tool;
  }
  throw withKind(
    'environment',
    new Error(
      'compose-file: neither docker compose (the v2 plugin) nor docker-compose answers; set compose-version to install compose',
    ),
  );
}

async function readStates(project: string): Promise<ServiceState[]> {
  const listed = await run([
    'docker',
    'ps',
    '--all',
    '--quiet',
    '--no-trunc',
    '--filter',
    `label=com.docker.compose.project=${project}`,
  ]);
  const ids = listed.stdout.split('\n').filter(Boolean);
  if (ids.length === 0) return [];
  return parseStates(
    (await run(['docker', 'container', 'inspect', '--format', STATE_FORMAT, ...ids])).stdout,
  );
}

/** Waits until the services are ready; the error names the service that failed or is still not ready. */
async function waitReady(project: string, timeoutMs: number): Promise<ServiceState[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    throwIfCancelled();
    const states = await readStates(project);
    const { failed, waiting } = readiness(states);
    if (failed) throw new ServicesError(failed, states);
    if (waiting.length === 0) return states;
    if (Date.now() >= deadline)
      throw new ServicesError(
        `compose-timeout: not ready after ${timeoutMs / 1000} s: ${waiting.join(', ')}`,
        states,
      );
    await pause(500);
  }
}

/** A failure to start the services, with their containers, whose logs are shown. */
class ServicesError extends Error {
  constructor(
    message: string,
    readonly states: ServiceState[],
  ) {
    super(message);
  }
}

/** Each service's log in a log group of its own: what a failing run needs to see. */
export async function showServiceLogs(states: readonly ServiceState[]): Promise<void> {
  for (const state of states) {
    core.startGroup(`service ${state.service} log`);
    try {
      await run(['docker', 'logs', '--timestamps', state.id], {
        stream: true,
        untrustedOutput: true,
        allowFailure: true,
        timeoutMs: 30_000,
      });
    } finally {
      core.endGroup();
    }
  }
}

/**
 * Starts the services of the compose files and waits for them; undefined when none are asked for.
 * `image` (the image under test, which is local) serves the check of the bind mounts.
 */
export async function startServices(
  settings: ServicesSettings,
  image: string,
  report: Report,
  log: ServicesLog,
): Promise<Services | undefined> {
  if (settings.files.length === 0) return undefined;
  let states: ServiceState[] = [];
  try {
    const started = await report.phase('services', async () => {
      const tool = await composeTool();
      const files = settings.files;
      const name = containerName('services');
      const directory = path.dirname(files[0] ?? settings.workspace);
      const plan = { tool, name, files, directory, binds: [], images: [] };
      const config = await readComposeConfig(plan);
      await checkBinds(config, image);
      const project = {
        ...plan,
        binds: workspaceBinds(config, settings.workspace),
        images: [image, ...config.images],
      };
      log.composeUp(project);
      const up = await run(planUp(project, settings.services), {
        allowFailure: true,
        stream: true,
        untrustedOutput: true,
        cancellable: true,
      });
      states = await readStates(project.name);
      if (up.exitCode !== 0) {
        const { kind, message } = upFailure(up.stderr);
        throw withKind(kind, new ServicesError(message, states));
      }
      states = await waitReady(project.name, settings.timeoutMs);
      return { project, networks: networksOf(states, project.name), states };
    });
    const names = started.states.map((state) => state.service).join(', ');
    report.note('services', `${names} on ${started.networks.join(', ') || 'no network'}`);
    return started;
  } catch (error) {
    await showServiceLogs(error instanceof ServicesError ? error.states : states);
    throw error;
  }
}

/** The configuration compose resolves from the files; one it cannot read is the input's fault. */
async function readComposeConfig(project: ComposeProject): Promise<ComposeConfig> {
  const result = await run([...base(project), 'config'], { allowFailure: true, timeoutMs: 60_000 });
  if (result.exitCode !== 0)
    throw withKind('input', new Error(`compose-file: ${lastLine(result.stderr) || 'compose config failed'}`));
  return readConfig(result.stdout, project.directory);
}

/** Why `up` failed; a service that is not in the files is the input's fault. */
function upFailure(stderr: string): { kind: FailureKind; message: string } {
  const why = lastLine(stderr);
  if (/no such service/i.test(why)) return { kind: 'input', message: `compose-services: ${why}` };
  return { kind: 'failed', message: `compose up failed: ${why}` };
}

/**
 * Post: takes the project down. When compose cannot (its files are gone or changed), the project's
 * containers, networks and volumes go by compose's label; what stays is a warning, never a failure.
 */
export async function stopServices(project: ComposeProject): Promise<void> {
  const down = await run(planDown(project), { allowFailure: true, timeoutMs: 120_000 }).catch(
    (error: unknown) => ({ exitCode: 1, stderr: errorText(error) }),
  );
  if (down.exitCode === 0) core.info(`cleanup: took the services of ${project.name} down`);
  else {
    core.warning(
      `cleanup: compose down of ${project.name} failed: ${lastLine(down.stderr)}; removing by label`,
    );
    await removeByLabel(project.name);
  }
  await handBack(project.binds ?? [], project.images ?? []);
}

/** Removes what carries the project's label, with docker alone. */
async function removeByLabel(name: string): Promise<void> {
  const filter = ['--filter', `label=com.docker.compose.project=${name}`];
  const quick = { allowFailure: true, timeoutMs: 60_000 } as const;
  for (const [list, remove] of [
    [
      ['docker', 'ps', '--all', '--quiet', ...filter],
      ['docker', 'rm', '--force', '--volumes'],
    ],
    [
      ['docker', 'network', 'ls', '--quiet', ...filter],
      ['docker', 'network', 'rm'],
    ],
    [
      ['docker', 'volume', 'ls', '--quiet', ...filter],
      ['docker', 'volume', 'rm'],
    ],
  ]) {
    const ids = (await run(list, quick)).stdout.split('\n').filter(Boolean);
    if (ids.length === 0) continue;
    const removed = await run([...remove, ...ids], quick);
    if (removed.exitCode !== 0)
      core.warning(`cleanup: ${remove.slice(0, 3).join(' ')}: ${lastLine(removed.stderr)}`);
  }
}
