import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs, isTransient, withRetries } from '../../../src/core/retry.js';

describe('isTransient', () => {
  const rows: [string, boolean][] = [
    ['received unexpected HTTP status: 503 Service Unavailable', true],
    ['dial tcp 127.0.0.1:5000: connect: connection refused', true],
    ['net/http: TLS handshake timeout', true],
    ['toomanyrequests: You have reached your pull rate limit', true],
    ['unexpected EOF', true],
    ['denied: requested access to the resource is denied', false],
    ['unauthorized: authentication required', false],
    ['manifest unknown', false],
    ['invalid reference format', false],
  ];
  for (const [message, expected] of rows) it(message, () => assert.equal(isTransient(message), expected));
});

describe('withRetries', () => {
  it('backs off exponentially and stops at the cap', () => {
    assert.deepEqual(
      [0, 1, 2, 3].map((attempt) => backoffMs(attempt)),
      [1000, 2000, 4000, 8000],
    );
    assert.equal(backoffMs(10), 30_000);
  });
  it('retries transient failures until one succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const value = await withRetries(
      async () => {
        if (++calls < 3) throw new Error('503 Service Unavailable');
        return 'ok';
      },
      { retries: 3, label: 'push', sleep: async (ms) => void delays.push(ms) },
    );
    assert.equal(value, 'ok');
    assert.deepEqual(delays, [1000, 2000]);
  });
  it('gives up after the retries', async () => {
    let calls = 0;
    await assert.rejects(
      withRetries(
        async () => {
          calls++;
          throw new Error('connection refused');
        },
        { retries: 2, label: 'x', sleep: async () => undefined },
      ),
      /connection refused/,
    );
    assert.equal(calls, 3);
  });
  it('does not retry a refusal', async () => {
    let calls = 0;
    await assert.rejects(
      withRetries(
        async () => {
          calls++;
          throw new Error('unauthorized');
        },
        { retries: 5, label: 'x', sleep: async () => undefined },
      ),
    );
    assert.equal(calls, 1);
  });
});
