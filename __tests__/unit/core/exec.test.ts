// The exec seam's guard over untrusted output. Each case runs in a node process of its own (its stdout
// is the log under test), with a real child (sh) and no Docker.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { repoRoot } from '../../helpers/action-runner.js';

const modules = (name: string): string => pathToFileURL(path.join(repoRoot, 'lib', 'src', name)).href;
const core = pathToFileURL(path.join(repoRoot, 'node_modules', '@actions', 'core', 'lib', 'core.js')).href;

/** What a process prints when it runs `body` with `run` and `core` in scope. */
function log(body: string): string {
  const script = `import { run } from '${modules('core/exec.js')}';\nimport * as core from '${core}';\n${body}`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('run with untrusted output', () => {
  it("stops commands around the child's output and holds berth's own until they are back on", () => {
    const printed = log(`
      const build = run(['sh', '-c', 'echo "::error::from the build"; sleep 0.3; echo done'], { stream: true, untrustedOutput: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
      core.warning('beside the build');
      await build;`);
    assert.match(
      printed,
      /::stop-commands::([0-9a-f]{32})\n::error::from the build\ndone\n::\1::\n::warning::beside the build\n$/,
    );
  });

  it('resumes on a line of its own and gives stdout back when the stream ends', () => {
    const printed = log(`
      const before = process.stdout.write;
      await run(['sh', '-c', 'printf out'], { stream: true, untrustedOutput: true });
      core.info(process.stdout.write === before ? 'restored' : 'not restored');`);
    assert.match(printed, /::stop-commands::([0-9a-f]{32})\nout\n::\1::\nrestored\n$/);
  });

  it('keeps one guard while two streams overlap', () => {
    const printed = log(`
      await Promise.all([
        run(['sh', '-c', 'echo one; sleep 0.2'], { stream: true, untrustedOutput: true }),
        run(['sh', '-c', 'sleep 0.1; echo two'], { stream: true, untrustedOutput: true }),
      ]);
      core.info('after');`);
    assert.equal(printed.match(/::stop-commands::/g)?.length, 1, printed);
    // The second command's own debug line comes while commands are off: it is held until they are back.
    assert.match(
      printed,
      /::stop-commands::([0-9a-f]{32})\none\ntwo\n::\1::\n::debug::run: sh -c sleep 0\.1; echo two\nafter\n$/,
    );
  });
});
