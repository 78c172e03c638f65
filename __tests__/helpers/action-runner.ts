// Runs the bundled action the way a runner does: `node dist/index.js` with INPUT_* and GITHUB_*
// variables and real file commands, then the post step with STATE_* read back from the state file.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const bundle = path.join(repoRoot, 'dist', 'index.js');

export interface StepResult {
  exitCode: number;
  /** stdout and stderr, interleaved as they came. */
  log: string;
  outputs: Record<string, string>;
  env: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** Folders added with GITHUB_PATH, first the one later steps see first. */
  path: string[];
}

export interface JobOptions {
  inputs: Record<string, string>;
  /** Extra variables for both steps (GITHUB_*, DOCKER_HOST ...). */
  env?: Record<string, string>;
  /** The job's workspace; a new temporary one when absent. */
  workspace?: string;
  /** The event payload written to GITHUB_EVENT_PATH. */
  event?: object;
  /** Node binary and bundle path, for runs inside a job container. */
  command?: string[];
}

/** Parses GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE: `name<<DELIM` blocks and `name=value` lines. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc?.[1] && heredoc[2]) {
      const body: string[] = [];
      while (++index < lines.length && lines[index] !== heredoc[2]) body.push(lines[index] ?? '');
      values[heredoc[1]] = body.join('\n');
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

export function inputVariables(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
  );
}

/** A step's result from its exit, its log and the text of each file command, by variable name. */
export function stepResult(exitCode: number, log: string, fileText: (name: string) => string): StepResult {
  return {
    exitCode,
    log,
    outputs: parseFileCommands(fileText('GITHUB_OUTPUT')),
    env: parseFileCommands(fileText('GITHUB_ENV')),
    state: parseFileCommands(fileText('GITHUB_STATE')),
    summary: fileText('GITHUB_STEP_SUMMARY'),
    path: fileText('GITHUB_PATH').split('\n').filter(Boolean).reverse(),
  };
}

/** What the post step sees besides main's: the variables main exported, STATE_* from what it saved. */
export function postStepEnv(
  exported: Record<string, string>,
  saved: Record<string, string>,
): Record<string, string> {
  const state = Object.entries(saved).map(([key, value]) => [`STATE_${key}`, value]);
  return { ...exported, ...Object.fromEntries(state) };
}

/**
 * What happens to a step once its output shows `when`: a signal sent to it (a cancelled workflow, a
 * CI job's timeout), or something done to the world around it (`act`: the daemon killed).
 */
export interface Interrupt {
  when: RegExp;
  signal?: NodeJS.Signals;
  act?: () => void;
  /** When it was sent (Date.now()), set by the step. */
  sentAt?: number;
}

function runStep(
  command: string[],
  env: Record<string, string>,
  interrupt?: Interrupt,
): Promise<{ exitCode: number; log: string }> {
  return new Promise((resolve, reject) => {
    const [program, ...args] = command;
    const child = spawn(program as string, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const watch = (chunk: Buffer): void => {
      chunks.push(chunk);
      if (
        interrupt &&
        interrupt.sentAt === undefined &&
        interrupt.when.test(Buffer.concat(chunks).toString())
      ) {
        interrupt.sentAt = Date.now();
        if (interrupt.signal) child.kill(interrupt.signal);
        interrupt.act?.();
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ exitCode: code ?? 1, log: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}

/** Temporary folders of this process, removed when it exits unless BERTH_KEEP_JOBS=1 keeps them. */
const scratchDirs = new Set<string>();
process.once('exit', () => {
  if (process.env.BERTH_KEEP_JOBS === '1') return;
  for (const dir of scratchDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // something of a failed job is still mounted there: leave it for the person reading the failure
    }
  }
});

/** A new folder under the system's temp dir, removed when the test process exits. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `berth-${label}-`));
  scratchDirs.add(dir);
  return dir;
}

/**
 * A docker CLI config folder of a job's own (logins land there, never in the machine's ~/.docker), with
 * the CLI plugins of the testbed's config (buildx, compose v2) linked in, as a runner has them.
 */
export function jobDockerConfig(): string {
  const dir = tempDir('docker-config');
  const plugins = path.join(process.env.DOCKER_CONFIG ?? '', 'cli-plugins');
  if (process.env.DOCKER_CONFIG && existsSync(plugins)) {
    mkdirSync(path.join(dir, 'cli-plugins'));
    for (const name of readdirSync(plugins))
      symlinkSync(path.join(plugins, name), path.join(dir, 'cli-plugins', name));
  }
  return dir;
}

/** A job's two steps: main, then post with the state main saved. */
export class Job {
  readonly dir = tempDir('job');
  readonly workspace: string;
  private readonly files: Record<string, string>;
  /** The variables both steps get. */
  readonly env: Record<string, string>;

  constructor(private readonly options: JobOptions) {
    this.workspace = options.workspace ?? path.join(this.dir, 'workspace');
    mkdirSync(this.workspace, { recursive: true });
    this.files = Object.fromEntries(
      ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH'].map((name) => {
        const file = path.join(this.dir, name.toLowerCase());
        writeFileSync(file, '');
        return [name, file];
      }),
    );
    const eventPath = path.join(this.dir, 'event.json');
    writeFileSync(eventPath, JSON.stringify(options.event ?? {}));
    this.env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? this.dir,
      DOCKER_CONFIG: options.env?.DOCKER_CONFIG ?? jobDockerConfig(),
      RUNNER_TEMP: path.join(this.dir, 'temp'),
      GITHUB_WORKSPACE: this.workspace,
      GITHUB_EVENT_PATH: eventPath,
      ...this.files,
      ...options.env,
    };
    mkdirSync(this.env.RUNNER_TEMP as string, { recursive: true });
  }

  /** PATH as a later step sees it: GITHUB_PATH lines, newest first, before the job's PATH. */
  stepPath(): string {
    const added = stepResult(0, '', (name) => readFileSync(this.files[name] as string, 'utf8')).path;
    return [...added, this.env.PATH].join(path.delimiter);
  }

  private read(name: string): Record<string, string> {
    return parseFileCommands(readFileSync(this.files[name] as string, 'utf8'));
  }

  private async step(extra: Record<string, string>, interrupt?: Interrupt): Promise<StepResult> {
    const command = this.options.command ?? [process.execPath, bundle];
    const env = { ...this.env, ...inputVariables(this.options.inputs), ...extra };
    const { exitCode, log } = await runStep(command, env, interrupt);
    return stepResult(exitCode, log, (name) => readFileSync(this.files[name] as string, 'utf8'));
  }

  private stepsRun = { main: false, post: false };

  /** The main step; `interrupt` sends it a signal once its output shows a pattern. */
  main(interrupt?: Interrupt): Promise<StepResult> {
    this.stepsRun.main = true;
    return this.step({}, interrupt);
  }

  /** Runs post when main ran and post did not: for `after` hooks, so a failed assertion leaks nothing. */
  async settle(): Promise<void> {
    if (this.stepsRun.main && !this.stepsRun.post) await this.post();
  }

  /** The post step, with STATE_* from what main saved and the variables main exported. */
  post(): Promise<StepResult> {
    this.stepsRun.post = true;
    return this.step({
      ...postStepEnv(this.read('GITHUB_ENV'), this.read('GITHUB_STATE')),
      PATH: this.stepPath(),
    });
  }
}
