// Reports read: a red job says which tests failed, with annotations and the totals, without anyone
// downloading the reports; the summary opens with the verdict.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Job, repoRoot } from '../helpers/action-runner.js';
import { pushToMain, registryTags, uniqueRepository } from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');

const JUNIT = `<testsuites><testsuite name="api" tests="4">
<testcase classname="api" name="test_ok" time="0.01"/>
<testcase classname="api" name="test_sum" file="tests/test_api.py" line="12" time="0.9"><failure message="assert 3 == 4">trace</failure></testcase>
<testcase classname="api" name="test_db" time="0.3"><error message="ConnectionRefusedError">trace</error></testcase>
<testcase classname="api" name="test_later"><skipped/></testcase>
</testsuite></testsuites>`;

describe('JUnit reports of a failing run', () => {
  it('annotates each failing test, counts them, says nothing was pushed, in one verdict line', async () => {
    const image = uniqueRepository('reports');
    const xml = JUNIT.replace(/\n/g, ' ');
    const command = `mkdir -p /artifacts/unit && printf '%s' '${xml}' > /artifacts/unit/report.xml; exit 1`;
    const job = new Job({
      inputs: { image, context: sampleApp, 'test-command': command },
      env: pushToMain(process.env.DOCKER_HOST ?? ''),
    });
    const main = await job.main();
    assert.equal(main.exitCode, 1, main.log);
    assert.match(
      main.log,
      /^::error title=api%3A test_sum,file=tests\/test_api\.py,line=12::assert 3 == 4$/m,
    );
    assert.match(main.log, /^::error title=api%3A test_db::ConnectionRefusedError$/m);
    assert.equal(main.outputs.tests, 'passed=1 failed=2 skipped=1');
    assert.match(
      main.log,
      /^::error::test-command failed with exit code 1: 2 tests failed \(test_sum, test_db\); reports are in .*, nothing was pushed$/m,
    );
    assert.match(main.summary, /<p><strong>❌ test-command failed with exit code 1: 2 tests failed/);
    assert.match(main.summary, /<td>test cases<\/td><td>1 passed, 2 failed, 1 skipped in 1\.2 s<\/td>/);
    assert.match(main.summary, /<td>api<\/td><td>test_sum<\/td><td>❌ assert 3 == 4<\/td>/);
    assert.match(main.summary, /<td>artifacts<\/td><td>1 file, /);
    assert.match(main.summary, /<td>test<\/td><td>[\d.]+ s<\/td><td>❌ failed<\/td>/);
    assert.deepEqual(await registryTags(image), []);
    assert.equal((await job.post()).exitCode, 0);
  });

  it('opens the summary of a green run with what passed and what was pushed', async () => {
    const image = uniqueRepository('reports-green');
    const job = new Job({
      inputs: { image, context: sampleApp, 'test-command': '/test/run.sh' },
      env: pushToMain(process.env.DOCKER_HOST ?? ''),
    });
    const main = await job.main();
    assert.equal(main.exitCode, 0, main.log);
    assert.match(main.summary, /<p><strong>✅ \S+: \d+ tests? passed; pushed 3 tags<\/strong><\/p>/);
    assert.match(main.outputs.tests ?? '', /^passed=\d+ failed=0 skipped=\d+$/);
    assert.equal((await job.post()).exitCode, 0);
  });
});
