// action.yml is the contract; the code's list of inputs and the README tables must follow it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { INPUT_NAMES } from '../../src/inputs.js';
import { repoRoot } from '../helpers/action-runner.js';

const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  runs: Record<string, string>;
};

describe('action.yml', () => {
  it('declares exactly the inputs the code reads', () => {
    assert.deepEqual(Object.keys(action.inputs).sort(), [...INPUT_NAMES].sort());
  });
  it('runs main and post from one node24 bundle', () => {
    assert.deepEqual(action.runs, { using: 'node24', main: 'dist/index.js', post: 'dist/index.js' });
  });
  it('is what the README tables say', () => {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'readme-inputs.mjs'), '--check']);
  });
});
