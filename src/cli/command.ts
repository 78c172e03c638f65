// berth as a command: `berth --image NAME --test-command CMD ...` runs the action's main step and then
// its post step in this process, with the inputs from the command line (args.ts). Nothing is handed
// through a runner's files: outputs, exported variables and post's state go to handlers of the CLI's
// own (core/report.ts's handoff); the log's workflow commands are rendered as a person reads them;
// the summary and the outputs are printed as text tables. The exit code says what kind of failure
// ended the run (results.ts).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  helpText,
  packageRoot,
  packageVersion,
  parseCommand,
  readInputSpecs,
  resolveInputs,
  variableName,
  type InputSpec,
} from './args.js';
import { LogRenderer, renderStdout } from './log.js';
import { exitCode, summaryText, textTable, writeOutputs } from './results.js';
import { errorText, withKind } from '../core/errors.js';
import { handoff } from '../core/report.js';
import { parseSettings, workspace, type Settings } from '../inputs.js';
import { main } from '../main.js';
import { post } from '../post.js';
import { hasCleanup, loadState } from '../state.js';

/** The runner's file commands: unset, so that nothing berth does in this process writes a runner's file. */
const RUNNER_FILES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'];

/** The inputs' values, checked as the action checks them; the password's variable is gone after. */
function readSettings(values: Record<string, string>): Settings | Error {
  Reflect.deleteProperty(process.env, variableName('password'));
  try {
    return parseSettings((name) => (values[name] ?? '').trim(), workspace(process.env));
  } catch (error) {
    return withKind('input', error instanceof Error ? error : new Error(String(error)));
  }
}

/** Where main's outputs and state go, and what it exports to this process, instead of a runner's files. */
function takeHandoff(): { outputs: Record<string, string>; state: Map<string, string> } {
  const outputs: Record<string, string> = {};
  const state = new Map<string, string>();
  Object.assign(handoff, {
    setOutput: (name: string, value: string) => (outputs[name] = value),
    exportVariable: (name: string, value: string) => (process.env[name] = value),
    addPath: (folder: string) => (process.env.PATH = `${folder}${path.delimiter}${process.env.PATH ?? ''}`),
    saveState: (name: string, value: string) => state.set(name, value),
  });
  return { outputs, state };
}

async function run(
  inputs: readonly InputSpec[],
  flags: Record<string, string>,
  outputsFile?: string,
): Promise<number> {
  for (const name of RUNNER_FILES) Reflect.deleteProperty(process.env, name);
  const settings = readSettings(resolveInputs(flags, inputs, process.env));
  if (settings instanceof Error) {
    console.error(`berth: ${errorText(settings)}`);
    return exitCode(settings);
  }
  // in a GitHub Actions step the runner renders the workflow commands itself
  const flush =
    process.env.GITHUB_ACTIONS === 'true'
      ? () => undefined
      : renderStdout(
          new LogRenderer(process.env.RUNNER_DEBUG === '1', process.env.GITLAB_CI ? 'gitlab' : 'plain'),
        );
  const { outputs, state } = takeHandoff();
  const { report, failure } = await main(settings);
  const saved = loadState((name) => state.get(name) ?? '');
  if (hasCleanup(saved)) await post(saved);
  flush();
  console.log(`\n${summaryText(report.verdict, report.tables())}`);
  // the environment output is the Environment table above, as JSON: in the --outputs file
  const shown = Object.entries(outputs).map(([name, value]) => [
    name,
    name === 'environment' ? `JSON, ${value.length} characters` : value.split('\n').join(', '),
  ]);
  if (shown.length > 0) console.log(`\nOutputs\n${textTable([['output', 'value'], ...shown])}`);
  if (outputsFile) writeOutputs(path.resolve(outputsFile), outputs);
  return exitCode(failure);
}

/** Runs the command line `argv`; resolves to the exit code. */
export async function cli(argv: readonly string[]): Promise<number> {
  const root = packageRoot();
  const inputs = readInputSpecs(readFileSync(path.join(root, 'action.yml'), 'utf8'));
  let command;
  try {
    command = parseCommand(argv, inputs);
  } catch (error) {
    console.error(errorText(error));
    return exitCode(error);
  }
  if (command.kind === 'help') console.log(helpText(inputs, packageVersion(root)));
  else if (command.kind === 'version') console.log(packageVersion(root));
  else return run(inputs, command.flags, command.outputs);
  return 0;
}
