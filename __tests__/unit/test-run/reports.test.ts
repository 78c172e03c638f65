import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseJUnit, readReports, slowest, totalsLine } from '../../../src/test-run/reports.js';

// what pytest (--junitxml), jest-junit and Maven Surefire write, shortened
const PYTEST = `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="2" skipped="1" tests="4" time="1.5">
<testcase classname="tests.test_api" name="test_ok" file="tests/test_api.py" line="3" time="0.010"/>
<testcase classname="tests.test_api" name="test_sum" file="tests/test_api.py" line="12" time="0.900"><failure message="assert 3 == 4">def test_sum():
&gt;   assert add(1, 2) == 4</failure></testcase>
<testcase classname="tests.test_api" name="test_db" time="0.300"><error message="ConnectionRefusedError: [Errno 111]">trace</error></testcase>
<testcase classname="tests.test_api" name="test_later" time="0.000"><skipped message="not yet"/></testcase>
</testsuite></testsuites>`;
const SUREFIRE = `<testsuite name="com.acme.ShopTest" tests="1" failures="1"><testcase name="pays" classname="com.acme.ShopTest" time="0.2"><failure>expected &lt;2&gt; but was &lt;3&gt;</failure></testcase></testsuite>`;

describe('JUnit reports', () => {
  it('reads the cases of pytest, their status, time, message, file and line', () => {
    const cases = parseJUnit(PYTEST) ?? [];
    assert.deepEqual(
      cases.map((c) => [c.name, c.status, c.message, c.file, c.line]),
      [
        ['test_ok', 'passed', '', 'tests/test_api.py', 3],
        ['test_sum', 'failed', 'assert 3 == 4', 'tests/test_api.py', 12],
        ['test_db', 'failed', 'ConnectionRefusedError: [Errno 111]', undefined, undefined],
        ['test_later', 'skipped', '', undefined, undefined],
      ],
    );
    assert.equal(cases[0]?.suite, 'pytest');
  });
  it('reads a testsuite root with a failure that has text only', () => {
    assert.deepEqual(
      parseJUnit(SUREFIRE)?.map((c) => [c.suite, c.name, c.status, c.message]),
      [['com.acme.ShopTest', 'pays', 'failed', 'expected <2> but was <3>']],
    );
  });
  it('passes over XML that is not JUnit, and says when JUnit does not parse', () => {
    assert.equal(parseJUnit('<?xml version="1.0"?><coverage line-rate="1"/>'), undefined);
    assert.throws(() => parseJUnit('<testsuite name="x"><testcase name="a"></testsuite>'));
  });
  it('totals the reports a glob finds, and names the broken ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-reports-'));
    mkdirSync(path.join(dir, 'unit'));
    writeFileSync(path.join(dir, 'unit', 'pytest.xml'), PYTEST);
    writeFileSync(path.join(dir, 'surefire.xml'), SUREFIRE);
    writeFileSync(path.join(dir, 'coverage.xml'), '<coverage/>');
    writeFileSync(path.join(dir, 'cut.xml'), '<testsuite><testcase name="a">');
    writeFileSync(path.join(dir, 'notes.txt'), '<testsuite/>');
    const totals = readReports(dir, '**/*.xml');
    assert.equal(totalsLine(totals), 'passed=1 failed=3 skipped=1');
    assert.deepEqual(
      totals.broken.map((b) => path.basename(b.file)),
      ['cut.xml'],
    );
    assert.equal(slowest(totals, 1)[0]?.name, 'test_sum');
    assert.equal(totalsLine(readReports(dir, 'unit/*.xml')), 'passed=1 failed=2 skipped=1');
  });
});
