// Registries of a test's own on 127.0.0.1: one that wants a password, one with token authentication
// and its token service, and a proxy in front of the
// testbed registry that fails chosen requests, for retries. Each test stops what it started.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import bcrypt from 'bcryptjs';
import { tempDir } from './action-runner.js';
import { waitFor } from './scope.js';

/** Waits until `url` answers with a status `ok` takes. */
function answers(url: string, ok: (status: number) => boolean, what: string): Promise<void> {
  return waitFor(`${what} at ${url}`, 10_000, async () => {
    try {
      return ok((await fetch(url)).status);
    } catch {
      return false; // not listening yet
    }
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface AuthRegistry {
  host: string;
  username: string;
  password: string;
  /** Tags of a repository, asked with the credentials. */
  tags(repository: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** Debian's registry with htpasswd auth, on a free port of 127.0.0.1. */
export async function startAuthRegistry(username: string, password: string): Promise<AuthRegistry> {
  const dir = tempDir('auth-registry');
  const port = await freePort();
  writeFileSync(path.join(dir, 'htpasswd'), `${username}:${bcrypt.hashSync(password, 5)}\n`);
  writeFileSync(
    path.join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: ${path.join(dir, 'data')} } }`,
      `http: { addr: 127.0.0.1:${port} }`,
      `auth: { htpasswd: { realm: berth-test, path: ${path.join(dir, 'htpasswd')} } }`,
    ].join('\n'),
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], {
    stdio: 'ignore',
  });
  const host = `127.0.0.1:${port}`;
  await answers(`http://${host}/v2/`, (status) => status === 401, 'the registry with auth');
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return {
    host,
    username,
    password,
    async tags(repository) {
      const response = await fetch(`http://${host}/v2/${repository}/tags/list`, {
        headers: { authorization },
      });
      if (response.status === 404) return [];
      return (((await response.json()) as { tags?: string[] }).tags ?? []).sort();
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface FlakyProxy {
  host: string;
  /** Requests answered with a failure so far. */
  failed: number;
  /** Every request seen, as `METHOD url`: a count of what moved (blob uploads are `PUT ...?digest=`). */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * Forwards to `target` (host:port), answering the first `failures` requests that match with 503, as a
 * registry behind an overloaded load balancer does.
 */
export async function startFlakyProxy(
  target: string,
  matches: (req: IncomingMessage) => boolean,
  failures: number,
): Promise<FlakyProxy> {
  const [targetHost, targetPort] = target.split(':');
  const state = { failed: 0 };
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (state.failed < failures && matches(req)) {
      state.failed++;
      req.resume();
      res.writeHead(503, { 'content-type': 'text/plain' }).end('service unavailable');
      return;
    }
    const upstream = request(
      {
        host: targetHost,
        port: Number(targetPort),
        method: req.method,
        path: req.url,
        headers: req.headers,
        // no kept-alive upstream sockets: they would keep the test process alive after stop()
        agent: false,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    get failed() {
      return state.failed;
    },
    requests,
    // the daemon keeps its connections open: cut here, or close() would wait for them forever
    stop: () => {
      server.close();
      server.closeAllConnections();
      server.unref();
      return Promise.resolve();
    },
  };
}

export interface TokenRegistry extends AuthRegistry {
  /** The token requests the token service answered, with the account and scopes asked. */
  tokenRequests: { account: string; scopes: string[]; granted: boolean }[];
}

/** base64url of a buffer or a JSON value, as a JWT writes its parts. */
function base64url(value: Buffer | object): string {
  return (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');
}

/**
 * Debian's registry with `auth: token`, as GHCR, Docker Hub and GitLab's registry authenticate: a
 * client asks the token service (the test side, on another port) for a token with its password, and
 * the registry checks the token's signature against the certificate it was given. Tokens are RS256
 * JWTs carrying the certificate (`x5c`) and every action asked for, for the right password only.
 */
export async function startTokenRegistry(username: string, password: string): Promise<TokenRegistry> {
  const dir = tempDir('token-registry');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem'].concat([
      '-days',
      '2',
      '-subj',
      '/CN=berth-token-issuer',
    ]),
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const key = createPrivateKey(readFileSync(path.join(dir, 'key.pem')));
  const certificate = new X509Certificate(readFileSync(path.join(dir, 'cert.pem')));
  const requests: TokenRegistry['tokenRequests'] = [];
  const issue = (account: string, scopes: string[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const access = scopes.flatMap((scope) => {
      const [type, name, actions] = scope.split(':');
      return type && name && actions ? [{ type, name, actions: actions.split(',') }] : [];
    });
    const header = base64url({ typ: 'JWT', alg: 'RS256', x5c: [certificate.raw.toString('base64')] });
    const claims = base64url({
      iss: 'berth-test-issuer',
      sub: account,
      aud: 'berth-test',
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomBytes(8).toString('hex'),
      access,
    });
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), key);
    return `${header}.${claims}.${base64url(signature)}`;
  };
  const tokens: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [user, pass] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    const scopes = url.searchParams.getAll('scope');
    const granted = user === username && pass === password;
    requests.push({ account: user ?? '', scopes, granted });
    if (!granted) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"wrong credentials"}');
      return;
    }
    const token = issue(username, scopes);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token, access_token: token }));
  });
  await new Promise<void>((resolve) => tokens.listen(0, '127.0.0.1', resolve));
  const realm = `http://127.0.0.1:${(tokens.address() as AddressInfo).port}/token`;
  const port = await freePort();
  writeFileSync(
    path.join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: ${path.join(dir, 'data')} } }`,
      `http: { addr: 127.0.0.1:${port} }`,
      'auth:',
      '  token:',
      `    realm: ${realm}`,
      '    service: berth-test',
      '    issuer: berth-test-issuer',
      `    rootcertbundle: ${path.join(dir, 'cert.pem')}`,
    ].join('\n'),
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], {
    stdio: 'ignore',
  });
  const host = `127.0.0.1:${port}`;
  await answers(`http://${host}/v2/`, (status) => status === 401, 'the registry with token auth');
  return {
    host,
    username,
    password,
    tokenRequests: requests,
    async tags(repository) {
      const token = issue(username, [`repository:${repository}:pull`]);
      const response = await fetch(`http://${host}/v2/${repository}/tags/list`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status === 404) return [];
      return (((await response.json()) as { tags?: string[] }).tags ?? []).sort();
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
      await new Promise((resolve) => tokens.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
