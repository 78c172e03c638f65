// Detect: where berth runs and which daemon answers, computed once and read by every phase: the CI, the
// endpoint (with TLS), client and daemon facts, the builder, compose, whether the daemon sees the job's
// files, and free space. Written to the `environment` output and the summary (environment-report.ts).
import * as core from '@actions/core';
import ciInfo from 'ci-info';
import { detectCi, type Ci, type Vendor } from './ci.js';
import {
  chooseBuilder,
  hasBuildx,
  readDaemonFacts,
  factWarnings,
  type Builder,
  type Compose,
  type DaemonFacts,
  type PendingFacts,
  type VersionJson,
} from './facts.js';
import { diskWarning, planPrune, type DiskSource } from './disk.js';
import {
  endpointCandidates,
  endpointVariables,
  variablesToExport,
  type Endpoint,
} from './endpoint.js';
import { earlyAnswer, PING, PING_TIMEOUT_MS } from './early.js';
import { run } from '../core/exec.js';
import { realFiles, type Env, type FileView } from '../core/file-view.js';
import { noDaemonMessage, type Attempt } from './no-daemon.js';
import {
  containerFacts,
  markerInContext,
  probeDaemonView,
  type ContainerFacts,
  type ProbeResult,
} from './visibility.js';

export { chooseBuilder, type Builder } from './facts.js';

export type Daemon = Endpoint & DaemonFacts;

export interface Environment {
  ci: Ci;
  daemon: Daemon;
  /** How images are built: buildx, BuildKit built into the client, or the legacy builder. */
  builder: Builder;
  compose: Compose;
  container: ContainerFacts;
  workspace: {
    dir: string;
    /** The probe's verdict: the daemon's containers see files under the workspace; null: unknown. */
    visible: boolean | null;
    /** Whether a phase may bind-mount a workspace folder: only when the probe saw the marker. */
    bindMounts: boolean;
    probeImage: string;
    /** Why the probe said no or could not tell (the daemon's error creating the bind), else empty. */
    probeNote: string;
  };
  disk: {
    freeBytes: number | null;
    /** How freeBytes was read: statfs of the daemon's data root, or df in the probe; null: not read. */
    source: DiskSource | null;
    minFreeBytes: number;
    pruned: boolean;
  };
  /** Variables berth resolved itself and exported for later steps. */
  exported: Record<string, string>;
  warnings: string[];
  /** How long detection took. */
  seconds: number;
}

export interface DetectOptions {
  /** The `docker-host` input; empty: find the daemon. */
  dockerHost: string;
  workspace: string;
  minFreeBytes: number;
  prune: boolean;
  /** The build context, if any: the build waits for the probe's marker only when it lies inside. */
  context?: string;
  /**
   * When given, the slow parts wait for it: they would share the cores with the build. It must settle
   * only when no build reads the context any more (the probe's marker lies under the workspace). A
   * possible prune does not wait: it must come before the build.
   */
  after?: Promise<unknown>;
}

const noop = (): void => undefined;

async function ping(endpoint: Endpoint): Promise<VersionJson | string> {
  const env = endpointVariables(endpoint);
  const early = earlyAnswer(PING, env);
  if (early) core.debug('ping: the answer to the ping asked while the step loaded');
  const result = await (early ?? run(PING, { env, allowFailure: true, timeoutMs: PING_TIMEOUT_MS }));
  try {
    const parsed = JSON.parse(result.stdout) as VersionJson;
    if (parsed.Server?.Version) return parsed;
  } catch {
    // the message below says what the client said
  }
  if (result.timedOut) return `no answer within ${PING_TIMEOUT_MS / 1000} s`;
  return (result.stderr.trim().split('\n').pop() ?? '').replace(/\.$/, '') || `exit ${result.exitCode}`;
}

/** The first candidate that answers a ping, in the order of endpointCandidates. */
export async function resolveEndpoint(
  options: DetectOptions,
  ci: Ci,
  env: Env,
  files: FileView,
): Promise<{ endpoint: Endpoint; version: VersionJson }> {
  const { candidates, skipped } = endpointCandidates(env, files, options.dockerHost);
  const attempts: Attempt[] = [];
  for (const endpoint of candidates) {
    const answer = await ping(endpoint);
    if (typeof answer !== 'string') {
      for (const attempt of attempts)
        core.info(`no daemon at ${attempt.host} (${attempt.source}): ${attempt.why}`);
      return { endpoint, version: answer };
    }
    attempts.push({ host: endpoint.host, source: endpoint.source, why: answer });
  }
  throw new Error(noDaemonMessage(ci, attempts, skipped));
}

/** Points this process, and (through GITHUB_ENV) later steps, at the endpoint. */
function useEndpoint(endpoint: Endpoint, env: Env): Record<string, string> {
  const exported = variablesToExport(endpoint, env);
  for (const [name, value] of Object.entries(endpointVariables(endpoint))) {
    if (value) process.env[name] = value;
    else Reflect.deleteProperty(process.env, name);
  }
  for (const [name, value] of Object.entries(exported)) core.exportVariable(name, value);
  return exported;
}

/**
 * Detection in two steps, so that its slow parts (`docker info`, compose's version, the visibility
 * probe) stay off the build's path (DetectOptions.after): `builder` is what the build needs at once;
 * `ready` settles when the build may start (the probe's marker is gone from the workspace, and any
 * prune is done); `environment` settles with everything, and is what the outputs and the summary
 * show. Finding no daemon still fails at once.
 */
export interface Detection {
  builder: Builder;
  ready: Promise<void>;
  environment: Promise<Environment>;
}

async function complete(
  options: DetectOptions,
  head: Pick<Environment, 'ci' | 'builder' | 'container' | 'exported'> & { endpoint: Endpoint },
  daemon: PendingFacts,
  probe: Promise<ProbeResult>,
  clock: { pingMs: number; started: number },
): Promise<Environment> {
  const [facts, compose, found] = await Promise.all([daemon.facts, daemon.compose, probe]);
  const warnings = factWarnings(facts);
  if (found.left.length > 0)
    warnings.push(`the daemon refused to remove the probe's ${found.left.join(', ')}: left behind`);
  let pruned = false;
  const low = diskWarning(found.freeBytes, options.minFreeBytes);
  if (low && options.prune) {
    const result = await run(planPrune(), { allowFailure: true, timeoutMs: 300_000 });
    pruned = result.exitCode === 0;
    core.info(`prune: ${result.stdout.trim().split('\n').pop() ?? ''}`);
  }
  if (low) warnings.push(pruned ? `${low} (pruned)` : low);
  for (const warning of warnings) core.warning(warning);
  const { endpoint, ...rest } = head;
  return {
    ...rest,
    daemon: { ...endpoint, ...facts },
    compose,
    workspace: {
      dir: options.workspace,
      visible: found.visible,
      bindMounts: found.visible === true,
      probeImage: found.image,
      probeNote: found.note,
    },
    disk: {
      freeBytes: found.freeBytes,
      source: found.diskSource,
      minFreeBytes: options.minFreeBytes,
      pruned,
    },
    warnings,
    seconds: (clock.pingMs + Date.now() - clock.started) / 1000,
  };
}

export async function startDetect(
  options: DetectOptions,
  env: Env = process.env,
  files: FileView = realFiles,
  vendor: Vendor = { name: ciInfo.name, isCI: ciInfo.isCI },
): Promise<Detection> {
  const started = Date.now();
  const ci = detectCi(env, vendor);
  const buildx = hasBuildx();
  const { endpoint, version } = await resolveEndpoint(options, ci, env, files);
  const exported = useEndpoint(endpoint, env);
  const builder = chooseBuilder(version.Client?.Version ?? '', await buildx, process.env.DOCKER_BUILDKIT);
  const head = { ci, builder, container: containerFacts(files), exported, endpoint };
  const pingMs = Date.now() - started;
  const waits = options.after !== undefined && !options.prune;
  const begin = waits && options.after ? options.after : Promise.resolve();
  const slow = begin.then(noop, noop).then(() => {
    const clock = { pingMs, started: Date.now() };
    const daemon = readDaemonFacts(version);
    // awaited in complete; marked handled so that a failure waits for it
    daemon.compose.catch(() => undefined);
    // the probe needs info's data root only after its marker is gone, so info stays off the build's path
    const probe = probeDaemonView(options.workspace, daemon.facts);
    return { daemon, probe, clock };
  });
  const environment = slow.then(({ daemon, probe, clock }) =>
    complete(options, head, daemon, probe.result, clock),
  );
  // a prune must finish before the build; without one, only a marker the build could send must be gone
  const ready = options.prune
    ? environment.then(noop)
    : !waits && markerInContext(options.workspace, options.context)
      ? slow.then(({ probe }) => probe.marker)
      : Promise.resolve();
  // awaited by main in every case; marked handled so that a failure waits for it
  environment.catch(() => undefined);
  return { builder, ready, environment };
}
