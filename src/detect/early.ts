// The main step's first questions, asked before its code loads: loading the chunks takes about 0.1 s of
// a core, and meanwhile the first endpoint candidate answers the ping, the client names its buildx
// builder and the daemon its image store (what the builder choice needs, detect/builder.ts). Detection
// takes an early answer only for the very command it would run, with the same endpoint variables and
// PATH; main forgets them all when setup installed or started anything.
// No package here (see index.ts).
import { endpointCandidates, endpointVariables } from './endpoint.js';
import { realFiles } from '../core/file-view.js';
import { spawnCollect, type RunResult } from '../core/spawn.js';

export const PING = ['docker', 'version', '--format', '{{json .}}'];
export const PING_TIMEOUT_MS = 5_000;
export const BUILDX_INSPECT = ['docker', 'buildx', 'inspect'];
export const IMAGE_STORE = ['docker', 'info', '--format', '{{json .DriverStatus}}'];
export const QUESTION_TIMEOUT_MS = 10_000;

interface Asked {
  key: string;
  result: Promise<RunResult>;
}

const asked: Asked[] = [];

const keyOf = (argv: readonly string[], env: Record<string, string>): string =>
  JSON.stringify([argv, env, process.env.PATH ?? '']);

function ask(argv: readonly string[], env: Record<string, string>, timeoutMs: number): void {
  const [command = '', ...args] = argv;
  // the debug line exec.ts writes for every command, written as the runner reads it: no package yet
  process.stdout.write(`::debug::run: ${argv.join(' ')} (asked while the step loads)\n`);
  asked.push({ key: keyOf(argv, env), result: spawnCollect(command, args, { env, timeoutMs }) });
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
    ask(PING, variables, PING_TIMEOUT_MS);
    if (env.DOCKER_BUILDKIT === '0' || env.DOCKER_BUILDKIT === 'false') return;
    ask(BUILDX_INSPECT, variables, QUESTION_TIMEOUT_MS);
    ask(IMAGE_STORE, variables, QUESTION_TIMEOUT_MS);
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
