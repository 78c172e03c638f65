// Runs the bundled action the way a runner does: `node dist/index.js` with INPUT_* and GITHUB_*
// variables and real file commands, then the post step with STATE_* read back from the state file.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

function inputVariables(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
  );
}

function runStep(command: string[], env: Record<string, string>): Promise<{ exitCode: number; log: string }> {
  return new Promise((resolve, reject) => {
    const [program, ...args] = command;
    const child = spawn(program as string, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ exitCode: code ?? 1, log: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}

/** A job's two steps: main, then post with the state main saved. */
export class Job {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'berth-job-'));
  readonly workspace: string;
  private readonly files: Record<string, string>;
  private readonly baseEnv: Record<string, string>;

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
    this.baseEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? this.dir,
      RUNNER_TEMP: path.join(this.dir, 'temp'),
      GITHUB_WORKSPACE: this.workspace,
      GITHUB_EVENT_PATH: eventPath,
      ...this.files,
      ...options.env,
    };
    mkdirSync(this.baseEnv.RUNNER_TEMP as string, { recursive: true });
  }

  /** GITHUB_PATH lines, newest first: the order in which a runner puts them before PATH. */
  private addedPath(): string[] {
    return readFileSync(this.files.GITHUB_PATH as string, 'utf8')
      .split('\n')
      .filter(Boolean)
      .reverse();
  }

  /** PATH as a later step sees it. */
  stepPath(): string {
    return [...this.addedPath(), this.baseEnv.PATH].join(path.delimiter);
  }

  private read(name: string): Record<string, string> {
    return parseFileCommands(readFileSync(this.files[name] as string, 'utf8'));
  }

  private async step(extra: Record<string, string>): Promise<StepResult> {
    const command = this.options.command ?? [process.execPath, bundle];
    const { exitCode, log } = await runStep(command, {
      ...this.baseEnv,
      ...inputVariables(this.options.inputs),
      ...extra,
    });
    return {
      exitCode,
      log,
      outputs: this.read('GITHUB_OUTPUT'),
      env: this.read('GITHUB_ENV'),
      state: this.read('GITHUB_STATE'),
      summary: readFileSync(this.files.GITHUB_STEP_SUMMARY as string, 'utf8'),
      path: this.addedPath(),
    };
  }

  main(): Promise<StepResult> {
    return this.step({});
  }

  /** The post step, with STATE_* from what main saved and the variables main exported. */
  post(): Promise<StepResult> {
    const state = Object.fromEntries(
      Object.entries(this.read('GITHUB_STATE')).map(([key, value]) => [`STATE_${key}`, value]),
    );
    return this.step({ ...this.read('GITHUB_ENV'), ...state, PATH: this.stepPath() });
  }
}
