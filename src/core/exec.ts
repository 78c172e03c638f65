// The one seam to the outside world: every docker, compose and git call goes through `run`.
// Built on child_process rather than @actions/exec because pings need a hard timeout that kills the
// child, and test output needs workflow commands switched off while it streams.
import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import { cancelled, throwIfCancelled } from './cancel.js';
import { lastLines } from './errors.js';
import { spawnCollect, type RunResult, type SpawnOptions } from './spawn.js';

export type { RunResult } from './spawn.js';

export interface RunOptions {
  /** Written to the command's stdin, then closed: the only way a password reaches a command. */
  stdin?: string;
  /** Piped into stdin instead (a download into `docker load`); a failure of it fails the run. */
  input?: SpawnOptions['input'];
  /** Takes stdout as it comes instead of collecting it (`docker save` into an upload); awaited too. */
  output?: SpawnOptions['output'];
  /** Variables added to the inherited environment; how values stay out of argv and logs. */
  env?: Record<string, string>;
  /** Show the output in the log as it comes (build, test) instead of capturing it quietly. */
  stream?: boolean;
  /** Keep lines such as `::set-output` in streamed output from acting as workflow commands. */
  untrustedOutput?: boolean;
  /** Kill the command after this many milliseconds. */
  timeoutMs?: number;
  /** Return a non-zero exit as a result instead of throwing. */
  allowFailure?: boolean;
  /** Killed when the run is cancelled (core/cancel.ts): work that a cancelled run gives up. */
  cancellable?: boolean;
  /** Work beside what the run waits for: started at a lower priority (spawn.ts, BACKGROUND_NICENESS). */
  background?: boolean;
  cwd?: string;
}

/** A command that failed, carrying the tail of its stderr so the message says why. */
export class CommandError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly result: RunResult,
  ) {
    super(describeFailure(argv, result));
    this.name = 'CommandError';
  }
}

/** What a failure's output means, when docker's own words do not say what to do. */
const HINTS: [RegExp, string][] = [
  [
    /no space left on device/i,
    "the daemon's disk is full: free space (docker system prune, or berth's prune: true) or give it a bigger disk",
  ],
  [
    /Cannot connect to the Docker daemon|error during connect|error reading from server: EOF/i,
    'the daemon stopped answering (it was stopped, or it crashed)',
  ],
];

export function describeFailure(argv: readonly string[], result: RunResult): string {
  const what = argv.slice(0, 2).join(' ');
  const why = result.timedOut ? 'timed out' : `exit ${result.exitCode}`;
  const output = result.stderr || result.stdout;
  const tail = lastLines(output, 3);
  const hint = HINTS.find(([pattern]) => pattern.test(output))?.[1];
  const said = tail ? `${what} failed (${why}): ${tail}` : `${what} failed (${why})`;
  return hint ? `${said} (${hint})` : said;
}

export async function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [command, ...args] = argv;
  if (!command) throw new Error('run: empty command');
  core.debug(`run: ${argv.join(' ')}`);
  if (options.cancellable) throwIfCancelled();
  const result = await collect(command, args, options);
  if (options.cancellable) throwIfCancelled();
  if (result.exitCode !== 0 && !options.allowFailure) throw new CommandError(argv, result);
  return result;
}

/**
 * While untrusted output streams, workflow commands are stopped for the whole log, so berth's own
 * commands (a warning from work running beside a build) would be shown as text. One guard covers all
 * streams at once: child output goes straight to the log, and everything else berth writes meanwhile
 * is held and written, in order, once commands are back on.
 */
const guard = {
  streams: 0,
  token: '',
  held: [] as string[],
  /** The last streamed byte was not a newline: the resume line must start a line of its own. */
  lineOpen: false,
  /** process.stdout.write as it was, put back as it was when the last stream ends. */
  original: process.stdout.write,
  write: (text: string | Uint8Array): boolean => process.stdout.write(text),
};

function openGuard(): (text: string | Buffer) => void {
  if (guard.streams++ === 0) {
    const original = process.stdout.write;
    guard.original = original;
    guard.write = (text) => original.call(process.stdout, text);
    guard.token = randomBytes(16).toString('hex');
    guard.write(`::stop-commands::${guard.token}\n`);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      guard.held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
  }
  return (text) => {
    if (text.length > 0) guard.lineOpen = !String(text).endsWith('\n');
    guard.write(text);
  };
}

/** Ends a stop-commands block that is still open (a crash while output streamed): the log works again. */
export function endStreams(): void {
  while (guard.streams > 0) closeGuard();
}

function closeGuard(): void {
  if (--guard.streams > 0) return;
  process.stdout.write = guard.original;
  guard.write(`${guard.lineOpen ? '\n' : ''}::${guard.token}::\n`);
  guard.lineOpen = false;
  for (const text of guard.held.splice(0)) guard.write(text);
}

async function collect(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const guarded = Boolean(options.stream && options.untrustedOutput);
  const show = guarded ? openGuard() : (text: string | Buffer) => process.stdout.write(text);
  try {
    return await spawnCollect(command, args, {
      ...options,
      onOutput: options.stream ? show : undefined,
      signal: options.cancellable ? cancelled : undefined,
    });
  } finally {
    if (guarded) closeGuard();
  }
}
