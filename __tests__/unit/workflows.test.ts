// The reusable workflow passes the action's inputs, its password and its outputs through unchanged,
// and the lint step's actionlint run is clean here and finds what is wrong in a broken tree.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot, tempDir } from '../helpers/action-runner.js';

interface Step {
  id?: string;
  uses?: string;
  if?: string;
  with: Record<string, string>;
}
interface Reusable {
  on: {
    workflow_call: {
      inputs: Record<string, unknown>;
      secrets: Record<string, unknown>;
      outputs: Record<string, { value: string }>;
    };
  };
  jobs: { berth: { outputs: Record<string, string>; steps: Step[] } };
}

const read = (file: string): unknown => parse(readFileSync(path.join(repoRoot, file), 'utf8'));
const action = read('action.yml') as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
const reusable = read('.github/workflows/berth.yml') as Reusable;
const lintScript = path.join(repoRoot, 'scripts', 'lint-workflows.mjs');

describe('the reusable workflow', () => {
  const call = reusable.on.workflow_call;
  const job = reusable.jobs.berth;
  const berth = job.steps.find((step) => step.id === 'berth') as Step;

  it('passes each of its inputs to the action input of the same name, the password as a secret', () => {
    const own = ['runs-on', 'reports-name'];
    const passed = Object.keys(call.inputs).filter((name) => !own.includes(name));
    for (const name of passed) {
      assert.ok(name in action.inputs, `${name} is an input of action.yml`);
      assert.equal(berth.with[name], `\${{ inputs.${name} }}`, name);
    }
    assert.deepEqual(Object.keys(call.secrets), ['password']);
    assert.equal(berth.with.password, '${{ secrets.password }}');
    assert.deepEqual(Object.keys(berth.with).sort(), [...passed, 'password'].sort());
    for (const name of ['image', 'test-command', 'artifacts-path', 'push', 'registry', 'username'])
      assert.ok(passed.includes(name), `the main input ${name} is there`);
  });

  it("gives every output of the action, through the job's outputs", () => {
    assert.deepEqual(Object.keys(call.outputs).sort(), Object.keys(action.outputs).sort());
    for (const name of Object.keys(action.outputs)) {
      assert.equal(call.outputs[name]?.value, `\${{ jobs.berth.outputs.${name} }}`);
      assert.equal(job.outputs[name], `\${{ steps.berth.outputs.${name} }}`);
    }
  });

  it('uploads the reports from the artifacts-dir output, also when the tests failed', () => {
    const upload = job.steps.at(-1) as Step;
    assert.match(upload.uses ?? '', /^actions\/upload-artifact@/);
    assert.match(upload.if ?? '', /always\(\)/);
    assert.equal(upload.with.path, '${{ steps.berth.outputs.artifacts-dir }}');
  });
});

describe('actionlint in the lint step', () => {
  it('is clean on every workflow and composite action of the repository', () => {
    const result = spawnSync(process.execPath, [lintScript], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /actionlint: [4-9] workflows and 1 composite actions are clean/);
  });

  it('reports an undefined input, an untrusted expression in a script and an input berth does not have', () => {
    const root = tempDir('lint');
    mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
    mkdirSync(path.join(root, 'examples', 'composite'), { recursive: true });
    copyFileSync(path.join(repoRoot, 'action.yml'), path.join(root, 'action.yml'));
    writeFileSync(
      path.join(root, '.github', 'workflows', 'bad.yml'),
      [
        'on: { workflow_call: { inputs: { image: { type: string } } } }',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo "${{ github.event.pull_request.title }}"',
        '      - uses: owner/berth@v1',
        '        with: { image: "${{ inputs.imag }}" }',
      ].join('\n'),
    );
    writeFileSync(
      path.join(root, 'examples', 'composite', 'action.yml'),
      [
        'name: x',
        'description: x',
        'runs:',
        '  using: composite',
        '  steps:',
        '    - uses: owner/berth@v1',
        '      with: { images: x }',
      ].join('\n'),
    );
    const result = spawnSync(process.execPath, [lintScript, '--root', root], { encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /bad\.yml:6:\d+: "github\.event\.pull_request\.title" is potentially untrusted/,
    );
    assert.match(result.stderr, /bad\.yml:8:\d+: property "imag" is not defined/);
    assert.match(
      result.stderr,
      /composite\/action\.yml: step 'owner\/berth@v1' gives 'images', which is not an input of berth/,
    );
  });
});
