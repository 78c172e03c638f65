// A stand-in for the Actions cache service as the current @actions/cache speaks it (v2, chosen by
// ACTIONS_CACHE_SERVICE_V2 with ACTIONS_RESULTS_URL), on 127.0.0.1, keeping entries in memory:
// - Twirp JSON calls on /twirp/github.actions.results.api.v1.CacheService/: CreateCacheEntry (a signed
//   upload URL), FinalizeCacheEntryUpload (the entry becomes visible, with its id) and
//   GetCacheEntryDownloadURL (the key exactly, else as a prefix, then each restore key as a prefix, the
//   newest entry of the same version first);
// - the signed URLs as the blob store serves them: the toolkit uploads with the Azure SDK, one
//   `PUT` (x-ms-blob-type: BlockBlob) up to 128 MiB, else `PUT ?comp=block&blockid=` per block and
//   `PUT ?comp=blocklist` with the block list; a download is one `GET`.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

interface Entry {
  key: string;
  version: string;
  /** The blob, once uploaded. */
  data?: Buffer;
  /** Blocks staged and not yet committed, by block id. */
  blocks: Map<string, Buffer>;
  finalized: boolean;
}

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';

function body(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The block ids of a `PUT ?comp=blocklist` body, in order. */
function blockList(xml: string): string[] {
  return [...xml.matchAll(/<(?:Latest|Committed|Uncommitted)>([^<]*)<\//g)].map((match) => match[1] ?? '');
}

export class ActionsCacheService {
  readonly entries: Entry[] = [];
  /** Twirp calls by method name, in order, so that a test can say which were made. */
  readonly calls: string[] = [];
  private server: Server | undefined;
  /** Signed URLs are tokens of this run: a URL the service did not sign is refused. */
  private readonly signature = randomBytes(8).toString('hex');
  url = '';

  /**
   * The entry a restore gets, as the service matches: the key exactly, else as a prefix, then each
   * restore key as a prefix; the newest finalized entry of the same version. -1: none.
   */
  lookUp(key: string, restoreKeys: readonly string[], version: string): number {
    const candidates = [...this.entries.keys()].filter(
      (index) => this.entries[index]?.finalized && this.entries[index]?.version === version,
    );
    const newest = candidates.reverse();
    const exact = newest.find((index) => this.entries[index]?.key === key);
    if (exact !== undefined) return exact;
    for (const prefix of [key, ...restoreKeys]) {
      const prefixed = newest.find((index) => this.entries[index]?.key.startsWith(prefix));
      if (prefixed !== undefined) return prefixed;
    }
    return -1;
  }

  /** Bytes of the finalized entries (what a restore downloads). */
  size(index: number): number {
    return this.entries[index]?.data?.length ?? 0;
  }

  private blobUrl(index: number): string {
    return `${this.url}/blobs/${index}?sig=${this.signature}`;
  }

  private twirp(method: string, request: Record<string, unknown>): Record<string, unknown> {
    this.calls.push(method);
    const key = String(request.key ?? '');
    const version = String(request.version ?? '');
    if (method === 'CreateCacheEntry') {
      // a key is written once: another entry of the same key and version, finalized or not, refuses
      if (this.entries.some((entry) => entry.key === key && entry.version === version))
        return { ok: false, message: 'cache entry already exists' };
      this.entries.push({ key, version, blocks: new Map(), finalized: false });
      return { ok: true, signedUploadUrl: this.blobUrl(this.entries.length - 1) };
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const index = this.entries.findIndex((entry) => entry.key === key && entry.version === version);
      const entry = this.entries[index];
      if (!entry?.data || entry.data.length !== Number(request.sizeBytes ?? request.size_bytes))
        return { ok: false, message: 'no upload of that size for this key' };
      entry.finalized = true;
      return { ok: true, entryId: String(index + 1) };
    }
    if (method === 'GetCacheEntryDownloadURL') {
      const restoreKeys = (request.restoreKeys ?? request.restore_keys ?? []) as string[];
      const index = this.lookUp(key, restoreKeys, version);
      if (index < 0) return { ok: false };
      return { ok: true, signedDownloadUrl: this.blobUrl(index), matchedKey: this.entries[index]?.key };
    }
    throw new Error(`unknown method ${method}`);
  }

  private async blob(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const entry = this.entries[Number(url.pathname.split('/').pop())];
    if (!entry || url.searchParams.get('sig') !== this.signature) {
      response.writeHead(403).end();
      return;
    }
    const headers = { etag: `"${this.signature}"`, 'last-modified': new Date().toUTCString() };
    if (request.method === 'GET') {
      if (!entry.finalized || !entry.data) response.writeHead(404).end();
      else
        response
          .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': entry.data.length })
          .end(entry.data);
      return;
    }
    if (request.method !== 'PUT' || entry.finalized) {
      response.writeHead(409).end();
      return;
    }
    const data = await body(request);
    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      entry.blocks.set(url.searchParams.get('blockid') ?? '', data);
    } else if (comp === 'blocklist') {
      const ids = blockList(data.toString());
      if (ids.some((id) => !entry.blocks.has(id))) {
        response.writeHead(400).end();
        return;
      }
      entry.data = Buffer.concat(ids.map((id) => entry.blocks.get(id) as Buffer));
      entry.blocks.clear();
    } else if (request.headers['x-ms-blob-type'] === 'BlockBlob') {
      entry.data = data;
    } else {
      response.writeHead(400).end();
      return;
    }
    response.writeHead(201, headers).end();
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void (async () => {
        const url = new URL(request.url ?? '/', 'http://cache');
        if (request.method === 'POST' && url.pathname.startsWith(SERVICE)) {
          if (request.headers.authorization !== 'Bearer berth-test-token') {
            response.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"unauthenticated"}');
            return;
          }
          const input = JSON.parse((await body(request)).toString() || '{}') as Record<string, unknown>;
          const output = this.twirp(url.pathname.slice(SERVICE.length), input);
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(output));
        } else if (url.pathname.startsWith('/blobs/')) {
          await this.blob(request, response, url);
        } else {
          response.writeHead(404).end();
        }
      })().catch(() => response.writeHead(500).end());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  /** The variables a runner sets when the v2 service is there. */
  env(): Record<string, string> {
    return {
      ACTIONS_RESULTS_URL: `${this.url}/`,
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RUNTIME_TOKEN: 'berth-test-token',
    };
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
