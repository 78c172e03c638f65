// Tagging in the registry: the pure parts as tables, and the token flow (which the registries of the
// end-to-end tests, anonymous and Basic, do not use) against a small server on 127.0.0.1 that speaks
// the distribution API's Bearer challenge, token and manifest requests.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseRepository, type Repository } from '../../../src/core/image-ref.js';
import type { Credentials } from '../../../src/registry/login.js';
import {
  apiBases,
  apiRepository,
  credentialsFor,
  isLoopback,
  parseChallenge,
  tagInRegistry,
  type Challenge,
} from '../../../src/registry/api.js';

describe('parseChallenge', () => {
  const rows: [string, Challenge | undefined][] = [
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"',
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io' } },
    ],
    ['Basic realm="berth-test"', { scheme: 'basic', params: { realm: 'berth-test' } }],
    [
      'Bearer realm="https://ghcr.io/token", service="ghcr.io",scope="repository:a/b:pull"',
      {
        scheme: 'bearer',
        params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:a/b:pull' },
      },
    ],
    ['Bearer realm="a \\"quoted\\" realm"', { scheme: 'bearer', params: { realm: 'a "quoted" realm' } }],
    ['', undefined],
  ];
  for (const [header, expected] of rows)
    it(header || 'an empty header', () => assert.deepEqual(parseChallenge(header), expected));
});

describe('where the API answers', () => {
  const rows: [string, boolean, string[]][] = [
    ['127.0.0.1:5000', true, ['https://127.0.0.1:5000', 'http://127.0.0.1:5000']],
    ['127.1.2.3', true, ['https://127.1.2.3', 'http://127.1.2.3']],
    ['localhost:5000', true, ['https://localhost:5000', 'http://localhost:5000']],
    ['[::1]:5000', true, ['https://[::1]:5000', 'http://[::1]:5000']],
    ['ghcr.io', false, ['https://ghcr.io']],
    ['registry:5000', false, ['https://registry:5000']],
    ['128.0.0.1', false, ['https://128.0.0.1']],
    ['docker.io', false, ['https://registry-1.docker.io']],
  ];
  for (const [host, loopback, bases] of rows)
    it(host, () => {
      assert.equal(isLoopback(host), loopback);
      assert.deepEqual(apiBases(host), bases);
    });
});

describe('apiRepository', () => {
  const rows: [string, string][] = [
    ['shop', 'library/shop'],
    ['acme/shop', 'acme/shop'],
    ['docker.io/acme/shop', 'acme/shop'],
    ['ghcr.io/shop', 'shop'],
    ['127.0.0.1:5000/shop', 'shop'],
  ];
  for (const [name, expected] of rows)
    it(name, () => assert.equal(apiRepository(parseRepository(name) as Repository), expected));
});

describe('credentialsFor', () => {
  const login = { registry: 'ghcr.io', username: 'bot', password: 'pw' };
  const basic = (pair: string): { basic: string } => ({ basic: Buffer.from(pair).toString('base64') });
  const config = (json: object) => () => JSON.stringify(json);
  const rows: [string, string, Credentials | undefined, () => string | undefined, unknown][] = [
    ["berth's own login to the same registry", 'ghcr.io', login, () => undefined, basic('bot:pw')],
    [
      "berth's login given as a URL",
      'ghcr.io',
      { ...login, registry: 'https://ghcr.io/' },
      () => undefined,
      basic('bot:pw'),
    ],
    [
      "berth's login to Docker Hub by its index name",
      'docker.io',
      { ...login, registry: 'index.docker.io' },
      () => undefined,
      basic('bot:pw'),
    ],
    [
      'a login to another registry does not count; docker config has it',
      'quay.io',
      login,
      config({ auths: { 'quay.io': { auth: 'cXVheTpwdw==' } } }),
      { basic: 'cXVheTpwdw==' },
    ],
    [
      "Docker Hub's entry in docker config",
      'docker.io',
      undefined,
      config({ auths: { 'https://index.docker.io/v1/': { auth: 'aHViOnB3' } } }),
      { basic: 'aHViOnB3' },
    ],
    ['no config at all: anonymous', 'ghcr.io', undefined, () => undefined, { none: true }],
    [
      'a credential store holds them',
      'ghcr.io',
      undefined,
      config({ credsStore: 'desktop' }),
      { helper: 'desktop', server: 'ghcr.io' },
    ],
    [
      'a helper for this registry',
      'ghcr.io',
      undefined,
      config({ auths: { 'ghcr.io': { auth: 'eDp5' } }, credHelpers: { 'ghcr.io': 'gh' } }),
      { helper: 'gh', server: 'ghcr.io' },
    ],
    [
      'an identity token',
      'ghcr.io',
      undefined,
      config({ auths: { 'ghcr.io': { identitytoken: 't' } } }),
      { reason: 'credentials for ghcr.io are an identity token' },
    ],
    ['broken config', 'ghcr.io', undefined, () => '{', { reason: '/cfg/config.json is not valid JSON' }],
  ];
  for (const [name, registry, given, read, expected] of rows)
    it(name, () =>
      assert.deepEqual(
        credentialsFor(registry, given ? [given] : [], { DOCKER_CONFIG: '/cfg' }, { read }),
        expected,
      ),
    );
});

const IMAGE = `sha256:${'c'.repeat(64)}`;
const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 7, digest: IMAGE },
  layers: [],
});
const INDEX = JSON.stringify({ schemaVersion: 2, manifests: [] });

/** A registry that wants a token from its own /token, given for bot:pw only. */
class TokenRegistry {
  server: Server = createServer((request, response) => {
    void this.answer(request).then(([status, headers, body]) =>
      response.writeHead(status, headers).end(body),
    );
  });
  puts = new Map<string, { type: string; body: string }>();
  /** Requests for the `flaky` tag so far. */
  flaky = 0;
  tokenRequests: string[] = [];
  host = '';
  /** The challenge's realm; this registry's own /token when empty. */
  realm = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async answer(request: IncomingMessage): Promise<[number, Record<string, string>, string]> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', `http://${this.host}`);
    if (url.pathname === '/token') {
      this.tokenRequests.push(url.searchParams.get('scope') ?? '');
      const basic = `Basic ${Buffer.from('bot:pw').toString('base64')}`;
      if (request.headers.authorization !== basic) return [401, {}, ''];
      return [200, { 'content-type': 'application/json' }, JSON.stringify({ token: 'tok-1' })];
    }
    if (request.headers.authorization !== 'Bearer tok-1') {
      const challenge = `Bearer realm="${this.realm || `http://${this.host}/token`}",service="test"`;
      return [401, { 'www-authenticate': challenge }, ''];
    }
    if (url.pathname === '/v2/') return [200, {}, '{}'];
    const tag = /^\/v2\/acme\/shop\/manifests\/(.+)$/.exec(url.pathname)?.[1];
    if (tag === undefined) return [404, {}, ''];
    if (request.method === 'PUT') {
      this.puts.set(tag, {
        type: request.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString(),
      });
      return [201, {}, ''];
    }
    if (tag === 'multi') return [200, { 'content-type': 'application/vnd.oci.image.index.v1+json' }, INDEX];
    // answers 500 once, as a registry may while other pushes to the repository go on
    if (tag === 'flaky' && this.flaky++ === 0) return [500, {}, ''];
    if (tag !== 'cache-main-final' && tag !== 'flaky') return [404, {}, ''];
    return [200, { 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' }, MANIFEST];
  }
}

describe('tagInRegistry with a token service', () => {
  const registry = new TokenRegistry();
  const login = (password: string) => ({ registry: '', username: 'bot', password });
  before(async () => registry.start());
  after(() => registry.server.close());

  it('puts every tag on the manifest, bytes and type unchanged, with a push-scoped token', async () => {
    const name = `${registry.host}/acme/shop`;
    const result = await tagInRegistry(
      `${name}:cache-main-final`,
      [`${name}:main`, `${name}:sha-1234567`],
      IMAGE,
      [{ ...login('pw'), registry: registry.host }],
      {},
    );
    const digest = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;
    assert.deepEqual(result, { digest });
    for (const tag of ['main', 'sha-1234567'])
      assert.deepEqual(registry.puts.get(tag), {
        type: 'application/vnd.docker.distribution.manifest.v2+json',
        body: MANIFEST,
      });
    assert.ok(registry.tokenRequests.includes('repository:acme/shop:pull,push'));
  });

  it('asks again when the registry answers 5xx for a moment', async () => {
    registry.puts.clear();
    const name = `${registry.host}/acme/shop`;
    const result = await tagInRegistry(
      `${name}:flaky`,
      [`${name}:main`],
      IMAGE,
      [{ ...login('pw'), registry: registry.host }],
      {},
    );
    assert.ok('digest' in result, JSON.stringify(result));
    assert.ok(registry.puts.has('main'));
  });

  it('puts the tags on an index whose digest is the image (the containerd image store)', async () => {
    registry.puts.clear();
    const name = `${registry.host}/acme/shop`;
    const digest = `sha256:${createHash('sha256').update(INDEX).digest('hex')}`;
    const result = await tagInRegistry(
      `${name}:multi`,
      [`${name}:main`],
      digest,
      [{ ...login('pw'), registry: registry.host }],
      {},
    );
    assert.deepEqual(result, { digest });
    assert.deepEqual(registry.puts.get('main'), {
      type: 'application/vnd.oci.image.index.v1+json',
      body: INDEX,
    });
  });

  const refusals: [string, string, string, string, RegExp][] = [
    ['another image', 'cache-main-final', `sha256:${'d'.repeat(64)}`, 'pw', /is another image/],
    ['an index of another image', 'multi', IMAGE, 'pw', /is an index of another image/],
    ['an unknown tag', 'cache-gone', IMAGE, 'pw', /answered 404/],
    ['a wrong password', 'cache-main-final', IMAGE, 'wrong', /the token service answered 401/],
  ];
  for (const [name, from, image, password, reason] of refusals)
    it(`says why it did not tag: ${name}`, async () => {
      registry.puts.clear();
      const ref = `${registry.host}/acme/shop`;
      const result = await tagInRegistry(
        `${ref}:${from}`,
        [`${ref}:x`],
        image,
        [{ ...login(password), registry: registry.host }],
        {},
      );
      assert.ok('reason' in result, JSON.stringify(result));
      assert.match(result.reason, reason);
      assert.equal(registry.puts.size, 0, 'nothing was tagged');
    });

  it('sends no password to a token service that is not HTTPS and not local', async () => {
    registry.realm = 'http://auth.example.invalid/token';
    registry.tokenRequests.length = 0;
    try {
      const ref = `${registry.host}/acme/shop`;
      const result = await tagInRegistry(
        `${ref}:cache-main-final`,
        [`${ref}:x`],
        IMAGE,
        [{ ...login('pw'), registry: registry.host }],
        {},
      );
      assert.deepEqual(result, {
        reason: 'the token service http://auth.example.invalid is not HTTPS: no password is sent there',
      });
    } finally {
      registry.realm = '';
    }
  });

  it('does not tag across repositories', async () => {
    const result = await tagInRegistry(
      `${registry.host}/acme/shop:a`,
      [`${registry.host}/acme/other:b`],
      IMAGE,
      [],
      {},
    );
    assert.deepEqual(result, { reason: 'the tags are not all in the repository of the manifest' });
  });
});
