// A CI job that runs in a container of its own, as act and GitLab's docker executor run one: the Debian
// image (docker CLI inside), the machine's node and the repository's dist/ mounted read-only, the
// workspace on a docker volume, the CI's variables. The bundled action's main and post steps run in it
// with `docker exec`, with the file commands (GITHUB_OUTPUT ...) inside the container, read back after.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  inputVariables,
  parseFileCommands,
  postStepEnv,
  repoRoot,
  stepResult,
  type StepResult,
} from './action-runner.js';
import { dockerAsync, dockerOk, type Scope } from './scope.js';

export interface JobContainerOptions {
  /** Names the container and its workspace volume. */
  label: string;
  image: string;
  /** `host` (act's default) or a user-defined network (GitLab's services). */
  network: string;
  /** The workspace inside the job; it lives on a volume, so the daemon's host never has it. */
  workspace: string;
  /**
   * Instead of the volume, the host folder of the same path bound at it, as a runner in a container
   * has its work folder: then the daemon does see the workspace.
   */
  workspaceOnHost?: boolean;
  /** The CI's variables, set on the container. */
  env: Record<string, string>;
  /** Further `docker run` arguments: the socket, the certificates volume ... */
  runArgs?: string[];
  /** Where the action's dist/ is mounted. */
  actionDir: string;
  /** Where the step's file commands live (act: /var/run/act/workflow). */
  stepsDir: string;
  /** Written to stepsDir/event.json when given (GITHUB_EVENT_PATH names it). */
  event?: object;
  inputs: Record<string, string>;
}

const FILE_COMMANDS: Record<string, string> = {
  GITHUB_OUTPUT: 'outputcmd.txt',
  GITHUB_ENV: 'envs.txt',
  GITHUB_STATE: 'statecmd.txt',
  GITHUB_PATH: 'pathcmd.txt',
  GITHUB_STEP_SUMMARY: 'SUMMARY.md',
};

const STEP_TIMEOUT_MS = 180_000;

export class JobContainer {
  readonly name: string;
  private readonly files: Record<string, string>;

  constructor(
    private readonly scope: Scope,
    private readonly options: JobContainerOptions,
  ) {
    const volume = options.workspaceOnHost ? options.workspace : scope.volume(`${options.label}-workspace`);
    this.files = Object.fromEntries(
      Object.entries(FILE_COMMANDS).map(([name, file]) => [name, path.posix.join(options.stepsDir, file)]),
    );
    this.name = scope.run(options.label, [
      ...['--network', options.network, '--workdir', options.workspace],
      ...['--volume', `${volume}:${options.workspace}`],
      ...['--volume', `${process.execPath}:/usr/local/bin/node:ro`],
      ...['--volume', `${path.join(repoRoot, 'dist')}:${options.actionDir}:ro`],
      ...Object.entries(options.env).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
      ...(options.runArgs ?? []),
      options.image,
      ...['sleep', '1800'],
    ]);
    this.exec('mkdir', '-p', options.stepsDir);
    this.exec('touch', ...Object.values(this.files));
    if (options.event)
      this.copyIn(JSON.stringify(options.event), path.posix.join(options.stepsDir, 'event.json'));
  }

  /** A command in the job container; throws when it fails. */
  exec(...command: string[]): string {
    return dockerOk(['exec', this.name, ...command]);
  }

  /** Copies a host folder's contents, or a text, into the job container with `docker cp`. */
  copyIn(source: string, target: string, isText = true): void {
    let from = source;
    if (isText) {
      from = path.join(this.scope.tempDir('copy'), path.posix.basename(target));
      writeFileSync(from, source);
    }
    dockerOk(['cp', from, `${this.name}:${target}`]);
  }

  /** Copies the workspace's checkout in: the folder's contents land in the workspace root. */
  checkout(folder: string): void {
    this.copyIn(`${folder}/.`, this.options.workspace, false);
  }

  /** Copies a folder of the job container out to a new host folder, as a person reading it would. */
  copyOut(folder: string): string {
    const dest = this.scope.tempDir('out');
    dockerOk(['cp', `${this.name}:${folder}/.`, dest]);
    return dest;
  }

  private read(name: string): Record<string, string> {
    return parseFileCommands(this.exec('cat', this.files[name] as string));
  }

  private async step(extra: Record<string, string>): Promise<StepResult> {
    const env = { ...inputVariables(this.options.inputs), ...this.files, ...extra };
    const { exitCode, log } = await dockerAsync(
      [
        'exec',
        ...Object.entries(env).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
        this.name,
        ...['node', path.posix.join(this.options.actionDir, 'index.js')],
      ],
      STEP_TIMEOUT_MS,
    );
    return stepResult(exitCode, log, (name) => this.exec('cat', this.files[name] as string));
  }

  main(): Promise<StepResult> {
    return this.step({});
  }

  /** The post step, with STATE_* from what main saved and the variables main exported. */
  post(): Promise<StepResult> {
    return this.step(postStepEnv(this.read('GITHUB_ENV'), this.read('GITHUB_STATE')));
  }
}
