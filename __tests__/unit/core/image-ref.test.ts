import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRepository, splitReference } from '../../../src/core/image-ref.js';

describe('parseRepository', () => {
  const good: [string, string, string][] = [
    ['ghcr.io/acme/shop', 'ghcr.io', 'ghcr.io/acme/shop'],
    ['Acme/Shop', 'docker.io', 'acme/shop'],
    ['127.0.0.1:5000/team/app', '127.0.0.1:5000', '127.0.0.1:5000/team/app'],
    ['localhost/app', 'localhost', 'localhost/app'],
    ['registry.gitlab.com/group/sub/project', 'registry.gitlab.com', 'registry.gitlab.com/group/sub/project'],
  ];
  for (const [input, registry, name] of good) {
    it(`reads ${input}`, () =>
      assert.deepEqual(parseRepository(input), { registry, name, path: name.replace(`${registry}/`, '') }));
  }
  const bad: [string, RegExp][] = [
    ['ghcr.io/acme/shop:1.0', /without a tag/],
    ['acme/shop@sha256:abc', /digest/],
    ['acme/sh op', /invalid path component 'sh op'/],
    ['ghcr.io/acme/-shop', /invalid path component/],
    ['', /empty/],
  ];
  for (const [input, message] of bad) {
    it(`refuses '${input}'`, () => assert.match(parseRepository(input) as string, message));
  }
});

describe('splitReference', () => {
  it('splits on the last colon after the last slash', () => {
    assert.deepEqual(splitReference('127.0.0.1:5000/a/b:c'), { name: '127.0.0.1:5000/a/b', tag: 'c' });
    assert.deepEqual(splitReference('127.0.0.1:5000/a/b'), { name: '127.0.0.1:5000/a/b', tag: undefined });
  });
});
