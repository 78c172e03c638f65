// Services: the databases and queues the tests talk to, started with compose from the user's files
// (`docker compose`, the v2 plugin, where it is there; else `docker-compose`, v1), waited for until
// their healthchecks pass, and taken down in post. The test container joins the project's network, so
// that service names resolve. Nothing here needs `--force-recreate`, `exec` or `rm`, which some
// daemons cannot do: the project has a name of its own, and its containers are read with `docker`
// itself (by the compose labels, which v1 and v2 both set), so one code path serves both.
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { parse } from 'yaml';
import { containerName } from '../core/container.js';
import { errorText, lastLine } from '../core/errors.js';
import { run } from '../core/exec.js';
import type { Report } from '../core/report.js';
import { pause } from '../core/retry.js';
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
  /** The folders of the workspace the services bind, whose files post hands back to the runner. */
  binds: string[];
  /** A local image to hand them back with: the image under test. */
  image: string;
}

/** Where the services phase records the project post must take down, before it starts it. */
export interface ServicesLog {
  composeUp(project: ComposeProject): void;
}

/** Started services: the network the test container joins, and their containers for the logs. */
export interface Services {
  project: ComposeProject;
  network: string | undefined;
  states: ServiceState[];
}

function base(project: ComposeProject): string[] {
  return [
    ...project.tool,
    '--project-name',
    project.name,
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

/** The network the test container joins: the project's default one, else the first the services share. */
export function pickNetwork(
  states: readonly ServiceState[],
  project: string,
): { network?: string; others: string[] } {
  const all = [...new Set(states.flatMap((state) => state.networks))].sort();
  const preferred = `${project}_default`;
  const network = all.includes(preferred) ? preferred : all[0];
  return network === undefined ? { others: [] } : { network, others: all.filter((name) => name !== network) };
}

/**
 * The folders of the files' bind mounts (short `./src:/dst` and long `type: bind` syntax), resolved
 * against the project's folder, as the daemon must see them. Named volumes are not folders of the job.
 */
export function bindSources(files: readonly string[]): { service: string; source: string }[] {
  const projectDir = path.dirname(files[0] ?? '.');
  const found: { service: string; source: string }[] = [];
  for (const file of files) {
    const doc = (parse(readFileSync(file, 'utf8')) ?? {}) as {
      services?: Record<string, { volumes?: unknown[] }>;
    };
    for (const [service, spec] of Object.entries(doc.services ?? {})) {
      for (const volume of spec?.volumes ?? []) {
        const source =
          typeof volume === 'string'
            ? (volume.split(':')[0] ?? '')
            : (volume as { type?: string; source?: string }).type === 'bind'
              ? ((volume as { source?: string }).source ?? '')
              : '';
        if (/^[./~]/.test(source)) found.push({ service, source: path.resolve(projectDir, source) });
      }
    }
  }
  return found;
}

/** The workspace's folders the services bind (a bound file keeps its own owner). */
function boundFolders(files: readonly string[], workspace: string): string[] {
  const folders = bindSources(files)
    .map(({ source }) => source)
    .filter((source) => existsSync(source) && statSync(source).isDirectory())
    .filter((source) => !path.relative(workspace, source).startsWith('..'));
  return [...new Set(folders)];
}

/** `docker compose` where the plugin answers, else `docker-compose`. */
async function composeTool(): Promise<string[]> {
  for (const tool of [['docker', 'compose'], ['docker-compose']]) {
    const result = await run([...tool, 'version'], { allowFailure: true, timeoutMs: 30_000 }).catch(
      () => undefined,
    );
    if (result?.exitCode === 0) return tool;
  }
  throw new Error(
    'compose-file: neither docker compose (the v2 plugin) nor docker-compose answers; set compose-version to install compose',
  );
}

/**
 * Refuses a bind mount the daemon cannot see (berth in a container beside the daemon, a remote one):
 * a container of `image` is created with each folder bound (`--mount` refuses a source the daemon
 * lacks) and never started.
 */
async function checkBindSources(files: readonly string[], image: string): Promise<void> {
  const folders = new Map<string, string>();
  for (const { service, source } of bindSources(files)) {
    const folder = existsSync(source) && statSync(source).isDirectory() ? source : path.dirname(source);
    if (!folders.has(folder)) folders.set(folder, service);
  }
  for (const [folder, service] of folders) {
    const name = containerName('bind-check');
    const argv = ['docker', 'create', '--name', name, '--label', 'berth.role=probe'];
    argv.push(
      '--mount',
      `type=bind,source=${folder},target=/berth-bind,readonly`,
      '--entrypoint',
      '/berth-none',
      image,
    );
    const created = await run(argv, { allowFailure: true, timeoutMs: 30_000 });
    if (created.exitCode === 0) {
      await run(['docker', 'rm', name], { allowFailure: true, timeoutMs: 30_000 });
      continue;
    }
    throw new Error(
      `compose-file: service ${service} binds ${folder}, which the daemon cannot see (${lastLine(created.stderr)}); ` +
        'the daemon runs elsewhere than this job: build the files into an image, or use a named volume',
    );
  }
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
      await checkBindSources(settings.files, image);
      const project = {
        tool: await composeTool(),
        name: containerName('services'),
        files: settings.files,
        binds: boundFolders(settings.files, settings.workspace),
        image,
      };
      log.composeUp(project);
      const up = await run(planUp(project, settings.services), {
        allowFailure: true,
        stream: true,
        untrustedOutput: true,
      });
      states = await readStates(project.name);
      if (up.exitCode !== 0) throw new ServicesError(`compose up failed: ${lastLine(up.stderr)}`, states);
      states = await waitReady(project.name, settings.timeoutMs);
      const { network, others } = pickNetwork(states, project.name);
      if (others.length > 0)
        core.warning(
          `services: the tests join ${network}; not ${others.join(', ')}, which some services are on`,
        );
      return { project, network, states };
    });
    const names = started.states.map((state) => state.service).join(', ');
    report.note('services', `${names} on ${started.network ?? 'no network'}`);
    return started;
  } catch (error) {
    await showServiceLogs(error instanceof ServicesError ? error.states : states);
    throw error;
  }
}

/** Post: takes the project down; what it cannot remove is a warning, never a failure. */
export async function stopServices(project: ComposeProject): Promise<void> {
  const down = await run(planDown(project), { allowFailure: true, timeoutMs: 120_000 }).catch(
    (error: unknown) => ({ exitCode: 1, stderr: errorText(error) }),
  );
  if (down.exitCode !== 0)
    core.warning(`cleanup: compose down of ${project.name} failed: ${lastLine(down.stderr)}`);
  else core.info(`cleanup: took the services of ${project.name} down`);
  await handBack(project.binds ?? [], project.image);
}
