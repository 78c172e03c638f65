// The command line: every input of action.yml as `--name value` or `--name=value`, else from a
// BERTH_<NAME> variable, else from the CI (GitLab's CI_REGISTRY_IMAGE is the image); `--outputs FILE`,
// `--help` (written from action.yml's descriptions and defaults) and `--version`. node's parseArgs
// splits the words; which names exist and what a value may be is decided here, from action.yml.
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { withKind } from '../core/errors.js';

/** One input as action.yml declares it. */
export interface InputSpec {
  name: string;
  description: string;
  /** action.yml's default, '' when it has none. */
  default: string;
}

/** What the command line asks for. */
export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; flags: Record<string, string>; outputs: string | undefined };

/** The exit codes, as `--help` and the README list them. */
export const EXIT_CODES = [
  [0, 'the image was built, the tests passed and what should be pushed was pushed'],
  [1, 'the build or the tests failed (also a cancelled run)'],
  [2, 'bad usage or an input that is not valid'],
  [3, 'no daemon answers, or another problem of the environment (an install, a copy out)'],
  [4, 'a registry refused or did not answer (login, push)'],
] as const;

/** The folder with action.yml and package.json: above the bundle (dist/cli) or the compiled file. */
export function packageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'action.yml')) && existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`berth: no action.yml above ${from}`);
  }
}

/** The inputs of action.yml, in its order. */
export function readInputSpecs(actionYml: string): InputSpec[] {
  const action = parse(actionYml) as { inputs?: Record<string, { description?: string; default?: unknown }> };
  return Object.entries(action.inputs ?? {}).map(([name, input]) => ({
    name,
    description: String(input.description ?? '').trim(),
    default: input.default === undefined ? '' : String(input.default),
  }));
}

export function packageVersion(root: string): string {
  return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Inputs that take one item a line may be given again: each flag is a line. */
const takesLines = (input: InputSpec): boolean => /\bper line\b/.test(input.description);

function usageError(problem: string): Error {
  return withKind('input', new Error(`berth: ${problem} (berth --help lists the inputs)`));
}

/** Reads the command line; throws a one-line error of kind `input` when it is not valid. */
export function parseCommand(argv: readonly string[], inputs: readonly InputSpec[]): Command {
  const known = new Map(inputs.map((input) => [input.name, input]));
  const { tokens } = parseArgs({
    args: [...argv],
    options: {
      ...Object.fromEntries([...known.keys(), 'outputs'].map((name) => [name, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags: Record<string, string> = {};
  let outputs: string | undefined;
  for (const token of tokens) {
    if (token.kind === 'positional')
      throw usageError(`'${token.value}' is not an option: inputs are --name value`);
    if (token.kind === 'option-terminator') continue;
    if (token.name === 'help') return { kind: 'help' };
    if (token.name === 'version') return { kind: 'version' };
    const input = known.get(token.name);
    if (!input && token.name !== 'outputs') throw usageError(`'${token.rawName}' is not an input of berth`);
    const { value } = token;
    if (value === undefined || (!token.inlineValue && value.startsWith('--')))
      throw usageError(
        `${token.rawName} needs a value (a value that starts with '--' is given as ${token.rawName}=VALUE)`,
      );
    if (token.name === 'outputs') {
      outputs = value;
    } else if (flags[token.name] === undefined) {
      flags[token.name] = value;
    } else if (input && takesLines(input)) {
      flags[token.name] = `${flags[token.name]}\n${value}`;
    } else {
      throw usageError(`${token.rawName} is given twice`);
    }
  }
  return { kind: 'run', flags, outputs };
}

/** `test-command` -> `BERTH_TEST_COMMAND`. */
export function variableName(input: string): string {
  return `BERTH_${input.replace(/-/g, '_').toUpperCase()}`;
}

/** Defaults the CI gives: on GitLab the project's own registry repository is the image. */
export function ciDefaults(env: NodeJS.ProcessEnv): Record<string, string> {
  return env.GITLAB_CI && env.CI_REGISTRY_IMAGE ? { image: env.CI_REGISTRY_IMAGE } : {};
}

/** Each input's value: its flag, else its BERTH_ variable, else the CI's default, else unset. */
export function resolveInputs(
  flags: Record<string, string>,
  inputs: readonly InputSpec[],
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const defaults = ciDefaults(env);
  const values: Record<string, string> = {};
  for (const { name } of inputs) {
    const value = flags[name] ?? env[variableName(name)] ?? defaults[name];
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/** `text` wrapped at `width` columns, every line after the first indented by `indent`. */
function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width - indent) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** `berth --help`: the usage, every input of action.yml with its description and default, the codes. */
export function helpText(inputs: readonly InputSpec[], version: string): string {
  const column = 32;
  const entry = (flag: string, text: string): string =>
    `  ${flag.padEnd(column - 3)} ${wrap(text, 100, column)}`;
  const described = (input: InputSpec): string => {
    const shown = input.default ? ` (default: ${input.default})` : '';
    const lines = takesLines(input) ? ' Repeat the flag for more.' : '';
    return `${input.description}${lines}${shown}`;
  };
  return [
    `berth ${version}: from a Dockerfile to a tested, pushed image, on a laptop or in any CI.`,
    '',
    'usage: berth [--INPUT VALUE | --INPUT=VALUE]... [--outputs FILE]',
    '       berth --help | --version',
    '',
    "Runs the action's main step and then its post step in this process, in the current folder (the",
    'workspace). Each input may also be set as BERTH_<INPUT> (BERTH_TEST_COMMAND, BERTH_PASSWORD: keep',
    'a password out of the command line); a flag wins. Commit, branch, tag and default branch come',
    "from the CI's variables (GitHub, GitLab CI_*, CircleCI CIRCLE_*), else from git. On GitLab the",
    'image defaults to CI_REGISTRY_IMAGE.',
    '',
    'inputs (from action.yml):',
    ...inputs.map((input) => entry(`--${input.name} VALUE`, described(input))),
    '',
    'options:',
    entry(
      '--outputs FILE',
      "Write the step's outputs to FILE: as JSON when FILE ends in .json, else as dotenv " +
        "(BERTH_IMAGE_ID=..., one line each, for GitLab's artifacts:reports:dotenv).",
    ),
    entry('-h, --help', 'Show this help.'),
    entry('-V, --version', "Show berth's version."),
    '',
    'exit codes:',
    ...EXIT_CODES.map(([code, meaning]) => `  ${code}  ${meaning}`),
  ].join('\n');
}
