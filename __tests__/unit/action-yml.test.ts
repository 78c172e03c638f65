// action.yml is the contract; the code's list of inputs and the README tables must follow it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { LogRenderer } from '../../src/cli/log.js';
import { parseArguments, readFileCommands, summaryText } from '../../src/cli/index.js';
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

describe('cli', () => {
  it('takes inputs as --name value and refuses others', () => {
    assert.deepEqual(parseArguments(['--image', 'a/b', '--push', 'true']), { image: 'a/b', push: 'true' });
    assert.throws(() => parseArguments(['--imag', 'a/b']), /'--imag' is not an input/);
    assert.throws(() => parseArguments(['--image']), /--image needs a value/);
  });
  it('reads file commands and renders the summary as text', () => {
    assert.deepEqual(readFileCommands('tags<<EOF_1\na:1\na:2\nEOF_1\nx<<D\n\nD\n'), {
      tags: 'a:1\na:2',
      x: '',
    });
    assert.equal(
      summaryText(
        '<h2>berth</h2>\n<table><tr><th>phase</th><th>result</th></tr><tr><td>build</td><td>ok</td></tr></table>',
      ),
      'berth\n\nphase | result\nbuild | ok',
    );
  });
});

describe('cli log', () => {
  it('renders workflow commands as a runner shows them', () => {
    const renderer = new LogRenderer(false);
    const shown = [
      '::add-mask::hunter2',
      '::group::build',
      'password is hunter2',
      '::debug::run: docker build',
      '::stop-commands::tok',
      '::error::from the test output, not a command',
      '::tok::',
      '::error::build failed',
      '::endgroup::',
    ].map((line) => renderer.line(line));
    assert.deepEqual(shown, [
      undefined,
      '\n▶ build',
      'password is ***',
      undefined,
      undefined,
      '::error::from the test output, not a command',
      undefined,
      'error: build failed',
      undefined,
    ]);
  });
  it('shows debug lines when asked', () =>
    assert.equal(new LogRenderer(true).line('::debug::x'), 'debug: x'));
});
