// Starts a command and collects what it prints. No package: index.ts starts commands through it before
// a step's code loads (early.ts). exec.ts adds logging, streaming and failures on top.
import { spawn } from 'node:child_process';

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
  /** Kill the command after this many milliseconds. */
  timeoutMs?: number;
  /** Each chunk of stdout and stderr as it comes. */
  onOutput?: (chunk: Buffer) => void;
  /** Kills the command (TERM, then KILL after 5 s) when aborted; it then ends as it ends. */
  signal?: AbortSignal;
}

/** Never rejects: a command that cannot start exits 127 with the reason in stderr. */
export function spawnCollect(command: string, args: string[], options: SpawnOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
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
      const stderr = Buffer.concat(err).toString('utf8') + (spawnError ? spawnError.message : '');
      resolve({ exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr, timedOut });
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
    child.stdin.end(options.stdin ?? '');
  });
}
