// The exec seam's streams, with real children (cat, sh) and no Docker: a stream piped into stdin (a
// download into docker load) and stdout handed over as it comes (docker save into an upload).
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import { run } from '../../../src/core/exec.js';

describe('run with streams', () => {
  it('pipes `input` into stdin', async () => {
    const input = Readable.from([Buffer.from('one '), Buffer.alloc(1 << 20, 120), Buffer.from(' two')]);
    const result = await run(['sh', '-c', 'wc -c'], { input });
    assert.equal(result.stdout.trim(), String(4 + (1 << 20) + 4));
  });

  it('fails the command when `input` fails half-way', async () => {
    const input = new PassThrough();
    input.write('half of it');
    setTimeout(() => input.destroy(new Error('the download was cut')), 50);
    await assert.rejects(run(['cat'], { input }), /the download was cut/);
  });

  it('hands stdout to `output` and waits for it to finish', async () => {
    let taken = Buffer.alloc(0);
    const result = await run(['sh', '-c', 'head -c 3000000 /dev/zero'], {
      output: async (stdout) => {
        taken = await buffer(stdout);
        // work after the end of stdout (an upload's last block) still belongs to the run
        await new Promise((resolve) => setTimeout(resolve, 50));
      },
    });
    assert.equal(taken.length, 3_000_000);
    assert.equal(result.stdout, '');
  });

  it('stops the command and fails when `output` fails', async () => {
    const started = Date.now();
    await assert.rejects(
      run(['sh', '-c', 'while :; do echo more; done'], {
        output: async () => {
          throw new Error('the upload was refused');
        },
      }),
      /the upload was refused/,
    );
    assert.ok(Date.now() - started < 10_000);
  });

  it('keeps the exit code of a command that fails under a working `output`', async () => {
    const result = await run(['sh', '-c', 'echo partial; echo broken >&2; exit 3'], {
      allowFailure: true,
      output: async (stdout) => void (await buffer(stdout)),
    });
    assert.equal(result.exitCode, 3);
    assert.match(result.stderr, /broken/);
  });
});
