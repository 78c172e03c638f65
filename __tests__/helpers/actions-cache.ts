// A stand-in for the Actions cache service (the v1 REST protocol @actions/cache speaks when
// ACTIONS_CACHE_URL is set) on 127.0.0.1, keeping entries in memory: look up (exact keys, then restore
// keys as prefixes, newest first), reserve, upload in chunks, commit, download. Cache ids start at 1:
// the client takes 0 for none.
import { createServer, type IncomingMessage, type Server } from 'node:http';

interface Entry {
  key: string;
  version: string;
  chunks: { start: number; data: Buffer }[];
  committed: boolean;
}

function body(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export class ActionsCacheService {
  readonly entries: Entry[] = [];
  private server: Server | undefined;
  url = '';

  private archive(entry: Entry): Buffer {
    const size = Math.max(0, ...entry.chunks.map((chunk) => chunk.start + chunk.data.length));
    const archive = Buffer.alloc(size);
    for (const chunk of entry.chunks) chunk.data.copy(archive, chunk.start);
    return archive;
  }

  /**
   * The entry a restore gets, as the service matches: each key in order, first as the exact key, then
   * as a prefix of the newest committed entry's key; only entries of the same version. -1: none.
   */
  lookUp(keys: readonly string[], version: string): number {
    const candidates = [...this.entries.keys()].filter(
      (index) => this.entries[index]?.committed && this.entries[index]?.version === version,
    );
    for (const key of keys) {
      const exact = candidates.find((index) => this.entries[index]?.key === key);
      if (exact !== undefined) return exact;
      const prefixed = candidates.filter((index) => this.entries[index]?.key.startsWith(key)).pop();
      if (prefixed !== undefined) return prefixed;
    }
    return -1;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void (async () => {
        const url = new URL(request.url ?? '/', 'http://cache');
        const id = Number(/\/caches\/(\d+)$/.exec(url.pathname)?.[1] ?? 0) - 1;
        const json = (status: number, value: object): void => {
          response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        };
        if (request.method === 'GET' && url.pathname.endsWith('/_apis/artifactcache/cache')) {
          const keys = (url.searchParams.get('keys') ?? '').split(',');
          const index = this.lookUp(keys, url.searchParams.get('version') ?? '');
          if (index < 0) response.writeHead(204).end();
          else
            json(200, { cacheKey: this.entries[index]?.key, archiveLocation: `${this.url}/blobs/${index}` });
        } else if (request.method === 'POST' && url.pathname.endsWith('/_apis/artifactcache/caches')) {
          const { key, version } = JSON.parse((await body(request)).toString()) as {
            key: string;
            version: string;
          };
          this.entries.push({ key, version, chunks: [], committed: false });
          json(201, { cacheId: this.entries.length });
        } else if (request.method === 'PATCH' && this.entries[id]) {
          const start = Number(/bytes (\d+)-/.exec(request.headers['content-range'] ?? '')?.[1] ?? 0);
          this.entries[id].chunks.push({ start, data: await body(request) });
          response.writeHead(204).end();
        } else if (request.method === 'POST' && this.entries[id]) {
          await body(request);
          this.entries[id].committed = true;
          response.writeHead(204).end();
        } else if (request.method === 'GET' && url.pathname.startsWith('/blobs/')) {
          const entry = this.entries[Number(url.pathname.split('/').pop())];
          if (!entry) response.writeHead(404).end();
          else
            response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(this.archive(entry));
        } else {
          response.writeHead(404).end();
        }
      })();
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  /** The variables a runner sets when the service is there. */
  env(): Record<string, string> {
    return { ACTIONS_CACHE_URL: `${this.url}/`, ACTIONS_RUNTIME_TOKEN: 'berth-test-token' };
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
