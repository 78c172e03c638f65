// What the CLI prints and writes once the steps ran: text tables, the outputs as dotenv or JSON, and
// the exit code of each kind of failure.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { dotenv, exitCode, summaryText, textTable, writeOutputs } from '../../../src/cli/results.js';
import { withKind } from '../../../src/core/errors.js';
import { inputError } from '../../../src/core/input-values.js';
import { Report } from '../../../src/core/report.js';
import { repoRoot, tempDir } from '../../helpers/action-runner.js';

describe('exit codes', () => {
  const table: [string, unknown, number][] = [
    ['nothing failed', undefined, 0],
    ['an unmarked failure', new Error('build failed'), 1],
    ['failed tests', withKind('failed', new Error('test-command failed')), 1],
    ['a bad input', inputError('image', 'no'), 2],
    ['no daemon', withKind('environment', new Error('No Docker daemon answers')), 3],
    ['a registry', withKind('registry', new Error('push of x: denied')), 4],
  ];
  for (const [what, failure, code] of table)
    it(`${code} for ${what}`, () => assert.equal(exitCode(failure), code));

  it('keeps the nearest kind', () =>
    assert.equal(exitCode(withKind('registry', withKind('environment', new Error('x')))), 3));
});

describe('text tables', () => {
  it('aligns the columns, emoji counted two wide', () => {
    assert.equal(
      textTable([
        ['phase', 'result', 'note'],
        ['build', '✅ ok', '3/4'],
        ['push', '⏭️ skipped', 'multi\nline'],
      ]),
      [
        'phase  result      note',
        '-----  ----------  ----------',
        'build  ✅ ok       3/4',
        'push   ⏭️ skipped  multi line',
      ].join('\n'),
    );
  });

  it('stops the rule of the last column at 60 columns, however long a value runs', () => {
    const long = 'x'.repeat(300);
    const [, rule = '', row = ''] = textTable([
      ['output', 'value'],
      ['metadata', long],
    ]).split('\n');
    assert.equal(rule, `--------  ${'-'.repeat(60)}`);
    assert.equal(row, `metadata  ${long}`);
  });

  it("renders a report's summary: the verdict, the phases, the sections under their headings", () => {
    const report = new Report();
    report.skip('login', 'no credentials given');
    report.verdict = '✅ a/b: built';
    report.outcome.image = 'a/b';
    report.sections.push({
      heading: 'Tests',
      rows: [
        ['suite', 'test'],
        ['s', 'a <b> & c'],
      ],
    });
    const text = summaryText(report.verdict, report.tables());
    assert.match(text, /^✅ a\/b: built\n\nphase +duration +result +note\n/);
    assert.match(text, /^login +0\.0 s +⏭️ skipped +no credentials given$/m);
    assert.match(text, /^image +a\/b$/m);
    assert.match(text, /\n\nTests\nsuite +test\n-+ +-+\ns +a <b> & c$/);
  });
});

describe('the outputs file', () => {
  const outputs = {
    'image-id': 'sha256:ab',
    tags: 'r/a:sha-1\nr/a:main',
    digest: '',
    environment: '{"ci":{"kind":"gitlab"}}',
  };

  it("writes dotenv as GitLab's dotenv report reads it: NAME=value lines, nothing else", () => {
    const text = dotenv(outputs);
    assert.equal(
      text,
      'BERTH_IMAGE_ID=sha256:ab\nBERTH_TAGS=r/a:sha-1 r/a:main\nBERTH_DIGEST=\nBERTH_ENVIRONMENT={"ci":{"kind":"gitlab"}}\n',
    );
    for (const line of text.trimEnd().split('\n')) assert.match(line, /^[A-Z0-9_]+=[^\n]*$/);
  });

  it('writes JSON for a .json file, dotenv otherwise', () => {
    const dir = tempDir('outputs');
    writeOutputs(path.join(dir, 'berth.json'), outputs);
    writeOutputs(path.join(dir, 'berth.env'), outputs);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'berth.json'), 'utf8')), outputs);
    assert.equal(readFileSync(path.join(dir, 'berth.env'), 'utf8'), dotenv(outputs));
  });
});

describe('the handoff', () => {
  it('is the only way src/ hands values to a runner, so that the CLI takes them all', () => {
    const src = path.join(repoRoot, 'src');
    const direct = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && file !== path.join('core', 'report.ts'))
      .filter((file) =>
        /\bcore\.(setOutput|exportVariable|addPath|saveState)\(/.test(
          readFileSync(path.join(src, file), 'utf8'),
        ),
      );
    assert.deepEqual(direct, []);
  });
});
