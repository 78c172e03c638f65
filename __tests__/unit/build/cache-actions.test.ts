// The entry format of the `actions` cache's stage images: one index line, then docker save's bytes as
// they came, however the download cuts them into chunks.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { actionsCacheAvailable, readIndex } from '../../../src/build/cache-actions.js';

/** `bytes` cut at `cuts` (offsets), as chunks of a stream. */
function chunked(bytes: Buffer, cuts: number[]): Readable {
  const at = [...new Set([0, ...cuts.map((cut) => cut % (bytes.length + 1)), bytes.length])].sort(
    (a, b) => a - b,
  );
  return Readable.from(at.slice(1).map((end, i) => bytes.subarray(at[i], end)));
}

describe('readIndex', () => {
  it('gives the index and every byte after it, however the chunks fall', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.stringMatching(/^[a-z0-9.:/-]{1,60}$/), fc.stringMatching(/^sha256:[0-9a-f]{64}$/)),
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (index, tar, cuts) => {
          const entry = Buffer.concat([Buffer.from(`${JSON.stringify(index)}\n`), Buffer.from(tar)]);
          const read = await readIndex(chunked(entry, cuts));
          assert.deepEqual(read.index, { ...index });
          assert.deepEqual(await buffer(read.images), Buffer.from(tar));
        },
      ),
      { numRuns: 200 },
    );
  });

  const broken: [string, Buffer][] = [
    ['an empty entry', Buffer.alloc(0)],
    ['no line at all (a tar of another format)', Buffer.alloc(5000, 1)],
    ['a line that is not JSON', Buffer.from('ustar\n')],
  ];
  for (const [what, bytes] of broken)
    it(`refuses ${what}`, async () => {
      await assert.rejects(readIndex(chunked(bytes, [7, 100])));
    });
});

describe('actionsCacheAvailable for the stage images', () => {
  const v2 = {
    ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/',
    ACTIONS_RUNTIME_TOKEN: 't',
    ACTIONS_CACHE_SERVICE_V2: 'true',
  };
  const rows: [string, Record<string, string>, boolean][] = [
    ['the v2 service', v2, true],
    [
      'v1 only (GitHub Enterprise Server)',
      { ACTIONS_CACHE_URL: 'http://127.0.0.1:9/', ACTIONS_RUNTIME_TOKEN: 't' },
      false,
    ],
    ['v2 without its flag', { ...v2, ACTIONS_CACHE_SERVICE_V2: '' }, false],
    ['v2 without a token', { ...v2, ACTIONS_RUNTIME_TOKEN: '' }, false],
    ['no service', {}, false],
  ];
  for (const [what, env, expected] of rows)
    it(what, async () => assert.equal(await actionsCacheAvailable(env, false), expected));
});
