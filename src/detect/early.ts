// The main step's first questions, asked before its code loads: loading the chunks takes 0.1 to 0.3 s
// of a core, and meanwhile the first endpoint candidate answers the ping, the client names its buildx
// builder and the daemon says what it is (`docker info`: the image store the builder choice needs,
// detect/builder.ts, and the facts of the daemon checks, detect/facts.ts, asked once for both). Only a
// build waits for the last two, so they are asked at a lower priority (spawn.ts). Detection
// takes an early answer only for the very command it would run, with the same endpoint variables and
// PATH; main forgets them all when setup installed or started anything.
// No package here (see index.ts).
import * as path from 'node:path';
import { endpointCandidates, endpointVariables } from './endpoint.js';
import { dockerConfigDir, readDockerConfig } from '../core/docker-cli.js';
import { realFiles, type FileView } from '../core/file-view.js';
import { spawnCollect, type RunResult } from '../core/spawn.js';

export const PING = ['docker', 'version', '--format', '{{json .}}'];
export const PING_TIMEOUT_MS = 5_000;
export const BUILDX_INSPECT = ['docker', 'buildx', 'inspect'];
/** Every `docker info` costs the same (the client asks each of its plugins for its metadata): one, whole. */
export const INFO = ['docker', 'info', '--format', '{{json .}}'];
export const QUESTION_TIMEOUT_MS = 10_000;

interface Asked {
  key: string;
  result: Promise<RunResult>;
}

const asked: Asked[] = [];

const keyOf = (argv: readonly string[], env: Record<string, string>): string =>
  JSON.stringify([argv, env, process.env.PATH ?? '']);

function ask(
  argv: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
  background: boolean,
): void {
  const [command = '', ...args] = argv;
  // the debug line exec.ts writes for every command, written as the runner reads it: no package yet
  process.stdout.write(`::debug::run: ${argv.join(' ')} (asked while the step loads)\n`);
  asked.push({ key: keyOf(argv, env), result: spawnCollect(command, args, { env, timeoutMs, background }) });
}

/**
 * Whether buildx, if the client has it, can only use its default builder: no BUILDX_BUILDER, no context
 * but the default one, and no builder chosen in buildx's folder (`current` naming none, which any buildx
 * command writes, and no per-context default under `defaults`). Its default builder is then `default`,
 * with the `docker` driver, and no `docker buildx inspect` (three Go processes, about 0.2 s of a core)
 * needs to ask it.
 */
export function buildxUntouched(env: NodeJS.ProcessEnv, files: FileView = realFiles): boolean {
  if (env.BUILDX_BUILDER || (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default')) return false;
  const config = readDockerConfig(env, files);
  if ('invalid' in config || (config.currentContext && config.currentContext !== 'default')) return false;
  const folder = env.BUILDX_CONFIG || path.join(dockerConfigDir(env), 'buildx');
  if (files.list(path.join(folder, 'defaults')).length > 0) return false;
  const current = files.read(path.join(folder, 'current'));
  if (current === undefined) return !files.exists(path.join(folder, 'current'));
  try {
    return !(JSON.parse(current) as { Name?: unknown }).Name;
  } catch {
    return false;
  }
}

/**
 * Asks the early questions, with the `docker-host` input as inputs.ts validated it. Never throws:
 * whatever goes wrong here, detection asks again and says it properly.
 */
export function askEarly(dockerHost: string, env: NodeJS.ProcessEnv = process.env): void {
  try {
    const first = endpointCandidates(env, realFiles, dockerHost).candidates[0];
    if (!first) return;
    const variables = endpointVariables(first);
    ask(PING, variables, PING_TIMEOUT_MS, false);
    if (env.DOCKER_BUILDKIT === '0' || env.DOCKER_BUILDKIT === 'false') return;
    // only a build waits for these (a re-run of a tested tree pulls): they yield the CPU to the rest;
    // where buildx can only use its default builder, docker info's plugin list says all (builder.ts)
    if (!buildxUntouched(env)) ask(BUILDX_INSPECT, variables, QUESTION_TIMEOUT_MS, true);
    ask(INFO, variables, QUESTION_TIMEOUT_MS, true);
  } catch {
    forgetEarly();
  }
}

/** The early answer to this command with these variables (taken once), if it was asked. */
export function earlyAnswer(
  argv: readonly string[],
  env: Record<string, string>,
): Promise<RunResult> | undefined {
  const index = asked.findIndex((entry) => entry.key === keyOf(argv, env));
  return index < 0 ? undefined : asked.splice(index, 1)[0]?.result;
}

/** Forgets every early answer: what comes next may change the client, its plugins or the daemon. */
export function forgetEarly(): void {
  asked.length = 0;
}
