// Starts a command and collects what it prints. No package: index.ts starts commands through it before
// a step's code loads (early.ts). exec.ts adds logging, streaming and failures on top.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface SpawnOptions {
  /** Variables added to the inherited environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** Written to stdin, which is then closed. */
  stdin?: string;
  /** Piped into stdin instead (a download into `docker load`); a failure of it kills the command. */
  input?: Readable;
  /** Takes stdout as it comes instead of collecting it (`docker save` into an upload); awaited too. */
  output?: (stdout: Readable) => Promise<void>;
  /** Kill the command after this many milliseconds. */
  timeoutMs?: number;
  /** Each chunk of stdout and stderr as it comes. */
  onOutput?: (chunk: Buffer) => void;
  /** Kills the command (TERM, then KILL after 5 s) when aborted; it then ends as it ends. */
  signal?: AbortSignal;
  /** Runs the command (and what it starts) at a lower priority: BACKGROUND_NICENESS. */
  background?: boolean;
}

/**
 * The priority (niceness) of the questions berth asks beside the work a run waits for: the builder's
 * while a re-run pulls and tests, the daemon checks while the tests run. Each docker client start is
 * 0.05 to 0.15 s of a core on engine 28 (`docker info` and `docker buildx` also start every CLI
 * plugin), and on a runner's two cores they took the CPU from the pull and the tests.
 */
export const BACKGROUND_NICENESS = 10;

/** Never rejects: a command that cannot start exits 127 with the reason in stderr. */
export function spawnCollect(command: string, args: string[], options: SpawnOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // set before the client starts its plugins, which inherit it
    if (options.background && child.pid !== undefined) {
      try {
        setPriority(child.pid, BACKGROUND_NICENESS);
      } catch {
        // a system that refuses it runs the command at the usual priority
      }
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    // a failure of the stream fed in or of the one taking stdout ends the command and is its error
    let streamError: Error | undefined;
    const failed = (error: Error): void => {
      streamError ??= error;
      child.kill('SIGKILL');
    };
    const consumed = options.output?.(child.stdout).catch(failed);
    if (!options.output)
      child.stdout.on('data', (chunk: Buffer) => {
        out.push(chunk);
        options.onOutput?.(chunk);
      });
    child.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      options.onOutput?.(chunk);
    });
    let finished = false;
    const finish = (exitCode: number, spawnError?: Error): void => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      // stdout's taker may still be at work (the last blocks of an upload): its end is the run's end
      const report = (): void => {
        const failure = spawnError ?? streamError;
        const stderr = Buffer.concat(err).toString('utf8') + (failure ? failure.message : '');
        const code = streamError && exitCode === 0 ? 1 : exitCode;
        resolve({ exitCode: code, stdout: Buffer.concat(out).toString('utf8'), stderr, timedOut });
      };
      Promise.resolve(consumed).then(report, report);
    };
    const abort = (): void => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    };
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    child.on('close', () => options.signal?.removeEventListener('abort', abort));
    child.on('error', (error) => finish(127, error));
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
    child.stdin.on('error', () => undefined);
    if (options.input) pipeline(options.input, child.stdin).catch(failed);
    else child.stdin.end(options.stdin ?? '');
  });
}
