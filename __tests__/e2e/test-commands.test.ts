// Several test commands: each in a container of its own from the same image, in order, each with its
// own log group, duration and reports folder, stopping at the first that fails.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Job, repoRoot } from '../helpers/action-runner.js';
import { pushToMain, registryTags, uniqueRepository } from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');
const junit = (name: string, failed: boolean): string =>
  `<testsuite name="${name}"><testcase name="${name}_case" time="0.1">${failed ? '<failure message="no"/>' : ''}</testcase></testsuite>`;

describe('test-command with several lines', () => {
  it('runs each in its own container up to the first failure, and copies the reports of each', async () => {
    const image = uniqueRepository('commands');
    const commands = [
      `mkdir -p /artifacts && echo '${junit('lint', false)}' > /artifacts/lint.xml && echo > /marker`,
      `test ! -e /marker && mkdir -p /artifacts && echo '${junit('unit', true)}' > /artifacts/unit.xml && exit 4`,
      'echo the third ran',
    ];
    const job = new Job({
      inputs: { image, context: sampleApp, cache: 'none', 'test-command': commands.join('\n') },
      env: pushToMain(process.env.DOCKER_HOST ?? ''),
    });
    const main = await job.main();
    assert.equal(main.exitCode, 1, main.log);
    assert.equal(main.outputs['test-exit-code'], '4');
    assert.match(main.log, /^::group::test 1\/3$/m);
    assert.match(main.log, /^::group::test 2\/3$/m);
    assert.doesNotMatch(main.log, /^the third ran$/m);
    assert.match(main.log, /^test 3\/3: skipped, an earlier test command failed$/m);
    const names = [...main.log.matchAll(/test: container (berth-test-[0-9a-f]+)/g)].map((match) => match[1]);
    assert.equal(new Set(names).size, 2, 'a container of its own for each command that ran');
    assert.match(
      main.log,
      /^::error::test-command 2\/3 \(test ! -e \/marker .*\) failed with exit code 4: 1 test failed \(unit_case\); .*nothing was pushed$/m,
    );
    assert.match(main.summary, /<td>test 1\/3<\/td><td>[\d.]+ s<\/td><td>✅ ok<\/td>/);
    assert.match(main.summary, /<td>test 2\/3<\/td><td>[\d.]+ s<\/td><td>❌ failed<\/td>/);
    assert.match(main.summary, /<td>test 3\/3<\/td><td>0\.0 s<\/td><td>⏭️ skipped<\/td>/);
    const dir = main.outputs['artifacts-dir'] ?? '';
    assert.match(readFileSync(path.join(dir, 'test-1', 'lint.xml'), 'utf8'), /lint_case/);
    assert.match(readFileSync(path.join(dir, 'test-2', 'unit.xml'), 'utf8'), /unit_case/);
    assert.equal(existsSync(path.join(dir, 'test-3')), false);
    assert.equal(main.outputs.tests, 'passed=1 failed=1 skipped=0');
    assert.deepEqual(await registryTags(image), []);
    assert.equal((await job.post()).exitCode, 0);
  });
});
