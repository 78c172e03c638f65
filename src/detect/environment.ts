// Detect: where berth runs and which daemon answers, read by every phase: the CI and the endpoint (with
// TLS) (findDaemon); the builder, asked when a build needs it (a re-run of a tested tree builds nothing)
// or beside the tests; client and daemon facts, compose, whether the daemon sees the job's files, and
// free space (checkDaemon, beside the tests). Shown by report.ts.
import * as core from '@actions/core';
import ciInfo from 'ci-info';
import { detectCi, type Ci, type Vendor } from './ci.js';
import { imageStoreOf, readBuilder, type BuilderFacts } from './builder.js';
import {
  clientPlugins,
  readDaemonFacts,
  readInfo,
  factWarnings,
  type Compose,
  type DaemonFacts,
  type InfoJson,
} from './facts.js';
import { diskWarning, planPrune, type DiskSource } from './disk.js';
import { endpointCandidates, endpointVariables, variablesToExport, type Endpoint } from './endpoint.js';
import { earlyAnswer, PING, PING_TIMEOUT_MS } from './early.js';
import type { VersionJson } from '../core/docker-cli.js';
import { lastLine } from '../core/errors.js';
import { run } from '../core/exec.js';
import { realFiles, type Env, type FileView } from '../core/file-view.js';
import { handoff } from '../core/report.js';
import { noDaemonMessage, type Attempt } from './no-daemon.js';
import { containerFacts, probeDaemonView, type ContainerFacts } from './visibility.js';

export type Daemon = Endpoint & DaemonFacts;

export interface Environment {
  ci: Ci;
  daemon: Daemon;
  /** How images are built and cached (builder.ts), the buildx builder and the image store behind it. */
  builder: BuilderFacts;
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

export interface DetectSettings {
  /** The `docker-host` input; empty: find the daemon. */
  dockerHost: string;
  workspace: string;
  /** Free space under which berth warns (and prunes when asked). */
  minFreeBytes: number;
  /** Run `docker system prune` when free space is under minFreeBytes. */
  prune: boolean;
}

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
  return lastLine(result.stderr).replace(/\.$/, '') || `exit ${result.exitCode}`;
}

/** The first candidate that answers a ping, in the order of endpointCandidates. */
export async function resolveEndpoint(
  settings: Pick<DetectSettings, 'dockerHost'>,
  ci: Ci,
  env: Env,
  files: FileView,
): Promise<{ endpoint: Endpoint; version: VersionJson }> {
  const { candidates, skipped } = endpointCandidates(env, files, settings.dockerHost);
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

/**
 * What later steps need to build as berth does, where the job did not say it: BuildKit on a client that
 * has it built in but off by default. berth builds with the client's current buildx builder, so later
 * steps have it already.
 */
export function builderVariables(facts: BuilderFacts, env: Env): Record<string, string> {
  return facts.kind === 'buildkit' && !facts.buildx && !env.DOCKER_BUILDKIT ? { DOCKER_BUILDKIT: '1' } : {};
}

/** Points this process, and (through GITHUB_ENV) later steps, at the endpoint. */
function useEndpoint(endpoint: Endpoint, env: Env): Record<string, string> {
  const exported = variablesToExport(endpoint, env);
  for (const [name, value] of Object.entries(endpointVariables(endpoint))) {
    if (value) process.env[name] = value;
    else Reflect.deleteProperty(process.env, name);
  }
  for (const [name, value] of Object.entries(exported)) handoff.exportVariable(name, value);
  return exported;
}

/** A question asked the first time its answer is wanted, and only then. */
function once<T>(ask: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | undefined;
  return () => (answer ??= ask());
}

/**
 * The daemon, found: what every path needs at once. The builder is asked when a build needs it, or
 * beside the tests with the slower checks (`docker info`, compose, the visibility probe, free space),
 * which are `checkDaemon`'s, and which main starts where they cost least.
 */
export interface Found extends Pick<Environment, 'ci' | 'container'> {
  endpoint: Endpoint;
  version: VersionJson;
  /** The builder, asked once (later steps are pointed at it then, where they need DOCKER_BUILDKIT). */
  builder: () => Promise<BuilderFacts>;
  /** The run's one `docker info`, asked once: the image store for the builder, the facts for the checks. */
  info: () => Promise<InfoJson | undefined>;
  /** Variables berth resolved itself and exported for later steps (the builder's once it is asked). */
  exported: Record<string, string>;
  /** How long finding it took. */
  ms: number;
}

/** Finds the daemon that answers and points this process and later steps at it. */
export async function findDaemon(
  settings: Pick<DetectSettings, 'dockerHost'>,
  env: Env = process.env,
  files: FileView = realFiles,
  vendor: Vendor = { name: ciInfo.name, isCI: ciInfo.isCI },
): Promise<Found> {
  const started = Date.now();
  const ci = detectCi(env, vendor);
  const { endpoint, version } = await resolveEndpoint(settings, ci, env, files);
  const variables = endpointVariables(endpoint);
  // what the job's environment said before berth pointed this process at the endpoint
  const buildkitEnv = env.DOCKER_BUILDKIT;
  const exported = useEndpoint(endpoint, env);
  const info = once(() => readInfo(variables));
  const imageStore = (): Promise<BuilderFacts['imageStore']> =>
    info().then((json) => (json ? imageStoreOf(json.DriverStatus) : null));
  const builder = once(async () => {
    const plugins = (): Promise<string[] | undefined> => info().then(clientPlugins);
    const facts = await readBuilder(version.Client?.Version ?? '', variables, { imageStore, plugins });
    const more = builderVariables(facts, { DOCKER_BUILDKIT: buildkitEnv });
    for (const [name, value] of Object.entries(more)) handoff.exportVariable(name, value);
    Object.assign(exported, more);
    return facts;
  });
  const container = containerFacts(files);
  return { ci, builder, info, container, exported, endpoint, version, ms: Date.now() - started };
}

/**
 * The slower checks: daemon facts, compose, whether the daemon sees the workspace, free space (and a
 * prune when asked and needed). The probe puts a marker folder under the workspace for a moment, so no
 * build may read the context meanwhile. Its warnings are returned, for the caller to write where they
 * belong. Never rejects for what it checks: a check that fails says so in the result.
 */
export async function checkDaemon(settings: DetectSettings, found: Found): Promise<Environment> {
  const started = Date.now();
  const daemon = readDaemonFacts(found.version, found.info());
  // awaited below; marked handled so that a failure waits for it
  daemon.compose.catch(() => undefined);
  const probe = probeDaemonView(settings.workspace, daemon.facts);
  const [facts, compose, seen, builder] = await Promise.all([
    daemon.facts,
    daemon.compose,
    probe,
    found.builder(),
  ]);
  const warnings = factWarnings(facts);
  if (seen.left.length > 0)
    warnings.push(`the daemon refused to remove the probe's ${seen.left.join(', ')}: left behind`);
  let pruned = false;
  const low = diskWarning(seen.freeBytes, settings.minFreeBytes);
  if (low && settings.prune) {
    const result = await run(planPrune(), { allowFailure: true, timeoutMs: 300_000 });
    pruned = result.exitCode === 0;
    core.info(`prune: ${lastLine(result.stdout)}`);
  }
  if (low) warnings.push(pruned ? `${low} (pruned)` : low);
  const { ci, container, exported, endpoint, ms } = found;
  return {
    ci,
    builder,
    container,
    exported,
    daemon: { ...endpoint, ...facts },
    compose,
    workspace: {
      dir: settings.workspace,
      visible: seen.visible,
      bindMounts: seen.visible === true,
      probeImage: seen.image,
      probeNote: seen.note,
    },
    disk: {
      freeBytes: seen.freeBytes,
      source: seen.diskSource,
      minFreeBytes: settings.minFreeBytes,
      pruned,
    },
    warnings,
    seconds: (ms + Date.now() - started) / 1000,
  };
}
