// The CLI's command line, read against action.yml itself: every input is a flag, in both spellings,
// else a BERTH_ variable, else the CI's default; the help lists every input with its description.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  ciDefaults,
  helpText,
  packageRoot,
  parseCommand,
  readInputSpecs,
  resolveInputs,
  variableName,
} from '../../../src/cli/args.js';
import { kindOf } from '../../../src/core/errors.js';
import { repoRoot } from '../../helpers/action-runner.js';

const actionYml = readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');
const inputs = readInputSpecs(actionYml);
const declared = parse(actionYml) as { inputs: Record<string, { description: string; default?: string }> };

describe('the command line', () => {
  it('finds action.yml above the compiled module', () => assert.equal(packageRoot(), repoRoot));

  it('reads every input of action.yml, in its order, with its default', () => {
    assert.deepEqual(
      inputs.map((input) => input.name),
      Object.keys(declared.inputs),
    );
    assert.equal(inputs.find((input) => input.name === 'context')?.default, '.');
  });

  const table: [string, string[], Record<string, string>][] = [
    ['a value after the flag', ['--image', 'a/b', '--push', 'true'], { image: 'a/b', push: 'true' }],
    [
      'a value after =',
      ['--image=a/b', '--test-command=make test'],
      { image: 'a/b', 'test-command': 'make test' },
    ],
    ['an empty value after =', ['--tags='], { tags: '' }],
    ['a value that starts with -- after =', ['--test-command=--help'], { 'test-command': '--help' }],
    [
      'a repeated input of one item a line',
      ['--build-args', 'A=1', '--build-args=B=2'],
      { 'build-args': 'A=1\nB=2' },
    ],
  ];
  for (const [what, argv, flags] of table)
    it(`takes ${what}`, () =>
      assert.deepEqual(parseCommand(argv, inputs), { kind: 'run', flags, outputs: undefined }));

  it('takes --outputs, --help, -h, --version and -V', () => {
    assert.deepEqual(parseCommand(['--outputs', 'b.env'], inputs), {
      kind: 'run',
      flags: {},
      outputs: 'b.env',
    });
    for (const flag of ['--help', '-h'])
      assert.deepEqual(parseCommand(['--image', 'x', flag], inputs), { kind: 'help' });
    for (const flag of ['--version', '-V'])
      assert.deepEqual(parseCommand([flag], inputs), { kind: 'version' });
  });

  const refused: [string[], RegExp][] = [
    [['--imag', 'a/b'], /'--imag' is not an input of berth/],
    [['--image'], /--image needs a value/],
    [['--image', '--push', 'true'], /--image needs a value .*--image=VALUE/],
    [['a/b'], /'a\/b' is not an option/],
    [['--image', 'a', '--image', 'b'], /--image is given twice/],
  ];
  for (const [argv, message] of refused)
    it(`refuses ${argv.join(' ')} in one line, as bad usage`, () => {
      assert.throws(
        () => parseCommand(argv, inputs),
        (error: Error) =>
          message.test(error.message) && !error.message.includes('\n') && kindOf(error) === 'input',
      );
    });
});

describe('input values', () => {
  it('names the variables BERTH_<INPUT>', () =>
    assert.equal(variableName('test-command'), 'BERTH_TEST_COMMAND'));

  it('takes a flag before a BERTH_ variable before the CI default', () => {
    const env = {
      GITLAB_CI: 'true',
      CI_REGISTRY_IMAGE: 'registry.example/g/p',
      BERTH_PUSH: 'false',
      BERTH_TESTBED_DIR: 'x',
    };
    assert.deepEqual(resolveInputs({}, inputs, env), { image: 'registry.example/g/p', push: 'false' });
    assert.deepEqual(resolveInputs({ push: 'true' }, inputs, { ...env, BERTH_IMAGE: 'a/b' }), {
      image: 'a/b',
      push: 'true',
    });
  });

  it('takes CI_REGISTRY_IMAGE as the image on GitLab only', () => {
    assert.deepEqual(ciDefaults({ GITLAB_CI: 'true', CI_REGISTRY_IMAGE: 'r.example/g/p' }), {
      image: 'r.example/g/p',
    });
    assert.deepEqual(ciDefaults({ CI_REGISTRY_IMAGE: 'r.example/g/p' }), {});
  });
});

describe('--help', () => {
  const help = helpText(inputs, '1.2.3');
  it('lists every input of action.yml with its description and default', () => {
    const flat = help.replace(/\n\s+/g, ' ');
    for (const [name, input] of Object.entries(declared.inputs)) {
      assert.match(help, new RegExp(`^  --${name} VALUE `, 'm'), name);
      assert.ok(flat.includes(input.description.trim().replace(/\s+/g, ' ')), `${name}'s description`);
      if (input.default) assert.ok(flat.includes(`(default: ${input.default})`), `${name}'s default`);
    }
  });
  it('gives the version, the options and every exit code', () => {
    assert.match(help, /^berth 1\.2\.3/);
    for (const text of ['--outputs FILE', '-h, --help', '-V, --version', 'BERTH_<INPUT>'])
      assert.ok(help.includes(text), text);
    for (const code of [0, 1, 2, 3, 4]) assert.match(help, new RegExp(`^  ${code}  \\S`, 'm'));
  });
  it('keeps lines within 100 columns', () => {
    for (const line of help.split('\n')) assert.ok(line.length <= 100, line);
  });
});
