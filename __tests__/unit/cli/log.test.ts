// The CLI's rendering of workflow commands, as a runner shows them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogRenderer } from '../../../src/cli/log.js';

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
      '::set-output name=tags::a',
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
      undefined,
    ]);
  });

  it('shows debug lines when asked', () =>
    assert.equal(new LogRenderer(true).line('::debug::x'), 'debug: x'));

  it("writes GitLab's collapsible sections in a GitLab job", () => {
    const renderer = new LogRenderer(false, 'gitlab');
    const seen = (line: string): string => (renderer.line(line) ?? '').replaceAll('\x1b', 'ESC');
    assert.match(
      seen('::group::daemon checks'),
      /^ESC\[0Ksection_start:\d+:daemon_checks\[collapsed=true\]\rESC\[0Kdaemon checks$/,
    );
    assert.match(seen('::endgroup::'), /^ESC\[0Ksection_end:\d+:daemon_checks\rESC\[0K$/);
  });
});
