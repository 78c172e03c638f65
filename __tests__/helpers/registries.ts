// Registries of a test's own on 127.0.0.1: one that wants a password, and a proxy in front of the
// testbed registry that fails chosen requests, for retries. Each test stops what it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
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
    // the daemon keeps its connections open: closed here, or close() would wait for them forever
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
