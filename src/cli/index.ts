// berth outside a CI: `berth --image NAME --test-command CMD ...` runs the action's main and post steps
// the way a runner would (inputs in INPUT_*, file commands in a temporary folder) and prints the
// outputs and the summary as text. Each `--name value` is an input of action.yml.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { LogRenderer } from './log.js';
import { INPUT_NAMES } from '../inputs.js';
import { errorText } from '../core/errors.js';

const USAGE = `usage: berth [--input-name value ...]\ninputs: ${INPUT_NAMES.join(', ')}`;

export function parseArguments(argv: readonly string[]): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index] ?? '';
    const name = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !(INPUT_NAMES as readonly string[]).includes(name)) {
      throw new Error(`berth: '${flag}' is not an input\n${USAGE}`);
    }
    const value = argv[index + 1];
    if (value === undefined) throw new Error(`berth: ${flag} needs a value`);
    inputs[name] = value;
  }
  return inputs;
}

/** Reads GITHUB_OUTPUT and GITHUB_STATE style files: `name<<DELIMITER` blocks. */
export function readFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) if (match[1]) values[match[1]] = match[3] ?? '';
  return values;
}

/** The job summary's HTML tables and lists as plain text. */
export function summaryText(html: string): string {
  return html
    .replace(/<h\d>(.*?)<\/h\d>/g, '\n$1\n')
    .replace(
      /<tr>(.*?)<\/tr>/g,
      (_, row: string) => `${row.replace(/<\/t[dh]><t[dh]>/g, ' | ').replace(/<[^>]+>/g, '')}\n`,
    )
    .replace(/<li>(.*?)<\/li>/g, '- $1\n')
    .replace(/<[^>]+>/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Runs one step of the bundle, rendering its output as a runner would; resolves to its exit code. */
function step(
  bundle: string,
  env: Record<string, string | undefined>,
  renderer: LogRenderer,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const shown = renderer.line(line);
      if (shown !== undefined) console.log(shown);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  let inputs: Record<string, string>;
  try {
    inputs = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error(errorText(error));
    return 2;
  }
  const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'index.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-cli-'));
  const file = (name: string): string => path.join(dir, name);
  for (const name of ['output', 'env', 'state', 'summary', 'path']) writeFileSync(file(name), '');
  const env: Record<string, string | undefined> = {
    ...process.env,
    GITHUB_WORKSPACE: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    GITHUB_OUTPUT: file('output'),
    GITHUB_ENV: file('env'),
    GITHUB_STATE: file('state'),
    GITHUB_STEP_SUMMARY: file('summary'),
    GITHUB_PATH: file('path'),
    RUNNER_TEMP: dir,
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
  };
  try {
    const renderer = new LogRenderer(process.env.RUNNER_DEBUG === '1');
    const status = await step(bundle, env, renderer);
    const state = readFileCommands(readFileSync(file('state'), 'utf8'));
    const exported = readFileCommands(readFileSync(file('env'), 'utf8'));
    const postEnv = {
      ...env,
      ...exported,
      ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])),
    };
    await step(bundle, postEnv, renderer);
    const outputs = readFileCommands(readFileSync(file('output'), 'utf8'));
    console.log('\nOutputs');
    for (const [name, value] of Object.entries(outputs))
      console.log(`  ${name}: ${value.replace(/\n/g, ', ')}`);
    console.log(`\n${summaryText(readFileSync(file('summary'), 'utf8'))}`);
    return status;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run only as the program, not when a test imports the parsers above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = await main();
