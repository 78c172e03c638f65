// What the tests of a pulled image run: the digest `docker pull` names, as name@digest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byDigest, pulledDigest } from '../../../src/registry/pull.js';

const DIGEST = `sha256:${'ab12'.repeat(16)}`;

describe('pulledDigest', () => {
  const rows: [string, string, string | undefined][] = [
    [
      'engine 28 and 20.10 alike',
      `tree-1: Pulling from shop/app\nabc: Pull complete\nDigest: ${DIGEST}\nStatus: Downloaded newer image for reg:5000/shop/app:tree-1\nreg:5000/shop/app:tree-1\n`,
      DIGEST,
    ],
    ['already there', `Digest: ${DIGEST}\r\nStatus: Image is up to date for app:1\n`, DIGEST],
    ['no digest line', 'reg:5000/shop/app:tree-1\n', undefined],
    ['a digest that is not one', 'Digest: sha256:short\n', undefined],
  ];
  for (const [name, output, expected] of rows) it(name, () => assert.equal(pulledDigest(output), expected));
});

describe('byDigest', () => {
  const rows: [string, string][] = [
    ['127.0.0.1:5000/shop/app:tree-abc', `127.0.0.1:5000/shop/app@${DIGEST}`],
    ['127.0.0.1:5000/shop/app', `127.0.0.1:5000/shop/app@${DIGEST}`],
    ['ghcr.io/o/app:v1', `ghcr.io/o/app@${DIGEST}`],
    [`app@sha256:${'0'.repeat(64)}`, `app@sha256:${'0'.repeat(64)}`],
  ];
  for (const [reference, expected] of rows)
    it(reference, () => assert.equal(byDigest(reference, DIGEST), expected));
});
