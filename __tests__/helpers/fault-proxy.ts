// A Docker API proxy on a unix socket of the test's own that forwards everything to the testbed engine
// but refuses the calls a rule names: by default every container removal (DELETE /containers/{id}),
// with the 500 a btrfs daemon gave when it could not remove a root file system. Hijacked streams
// (attach) are passed through as raw bytes.
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';

/** Which calls the proxy refuses, and what it answers them. */
export interface FaultRule {
  refuses(method: string, url: string): boolean;
  message: string;
}

const BTRFS_REMOVAL: FaultRule = {
  refuses: (method, url) => method === 'DELETE' && /^(\/v[\d.]+)?\/containers\/[^/?]+(\?|$)/.test(url),
  message:
    'driver "btrfs" failed to remove root filesystem: remove /var/lib/docker/btrfs/subvolumes/x: operation not permitted',
};

/** A rule that refuses nothing: the proxy only records what the client asked (FaultProxy.seen). */
export const REFUSES_NOTHING: FaultRule = { refuses: () => false, message: '' };

export class FaultProxy {
  /** Paths of the removals the proxy refused. */
  readonly refused: string[] = [];
  /** Every call that came through, `METHOD path`, in order. */
  readonly seen: string[] = [];
  /** Whether removals are refused; set false to let a later step remove what is left. */
  refusing = true;
  readonly socket: string;
  private readonly server: http.Server;

  private constructor(
    dir: string,
    private readonly upstream: string,
    private readonly rule: FaultRule,
  ) {
    this.socket = path.join(dir, 'faulty-docker.sock');
    this.server = http.createServer((request, response) => this.forward(request, response));
    this.server.on('upgrade', (request: http.IncomingMessage, client: net.Socket, head: Buffer) =>
      this.tunnel(request, client, head),
    );
  }

  /** Starts a proxy in `dir` in front of the engine at `upstream` (a socket path). */
  static async start(dir: string, upstream: string, rule: FaultRule = BTRFS_REMOVAL): Promise<FaultProxy> {
    const proxy = new FaultProxy(dir, upstream, rule);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(proxy.socket, resolve);
    });
    return proxy;
  }

  get host(): string {
    return `unix://${this.socket}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private forward(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = request.url ?? '/';
    this.seen.push(`${request.method ?? ''} ${url}`);
    if (this.refusing && this.rule.refuses(request.method ?? '', url)) {
      this.refused.push(url);
      request.resume();
      response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ message: this.rule.message }));
      return;
    }
    const upstream = http.request(
      { socketPath: this.upstream, method: request.method, path: url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        // Headers go out at once: `wait` answers with headers first and a body only when the
        // container exits, and the client starts the container only once it has them.
        response.flushHeaders();
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  }

  private tunnel(request: http.IncomingMessage, client: net.Socket, head: Buffer): void {
    this.seen.push(`${request.method ?? ''} ${request.url ?? '/'}`);
    const upstream = net.connect(this.upstream, () => {
      const headers: string[] = [];
      for (let index = 0; index < request.rawHeaders.length; index += 2)
        headers.push(`${request.rawHeaders[index]}: ${request.rawHeaders[index + 1]}`);
      upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  }
}
