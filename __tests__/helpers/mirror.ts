// A local mirror of the official download layouts on 127.0.0.1, for the install tests: an HTTP server
// over a folder (with index pages like download.docker.com's) that counts the requests it serves, and
// the archives it serves, packed from binaries this machine has.
//   docker-20.10.24.tgz  Debian's docker.io, containerd, runc and tini binaries in the static layout
//   docker-<28.x>.tgz    the static 28.x client first on PATH (a client only: all there is of it)
//   compose v2, buildx   small stand-ins that speak the CLI plugin protocol (no v2 binary can be had)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dockerArch } from '../../src/install/docker.js';
import { tempDir } from './action-runner.js';

export const COMPOSE_VERSION = '2.29.7';
export const BUILDX_VERSION = '0.17.1';
export const DEBIAN_DOCKER_VERSION = '20.10.24';
export const ARCH = dockerArch(process.arch);

const which = (name: string): string =>
  execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The version the static client first on PATH reports, e.g. 28.2.2. */
export function staticClientVersion(): string {
  return execFileSync(which('docker'), ['version', '--format', '{{.Client.Version}}'], {
    encoding: 'utf8',
  }).trim();
}

/** Archives are packed once per testbed and shared by the test files that run side by side. */
function archiveStore(): string {
  const dir = path.join(process.env.BERTH_TESTBED_DIR ?? tmpdir(), 'mirror-archives');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Packs `binaries` as docker/<name> into a .tgz; whoever takes the lock packs, the others wait (at most 3 min). */
function pack(name: string, binaries: Record<string, string>): string {
  const target = path.join(archiveStore(), name);
  try {
    mkdirSync(`${target}.lock`);
  } catch {
    for (let waited = 0; !existsSync(target); waited += 250) {
      if (waited > 180_000) throw new Error(`${target} was not packed within 3 minutes`);
      sleep(250);
    }
    return target;
  }
  if (existsSync(target)) return target;
  const stage = mkdtempSync(path.join(archiveStore(), 'stage-'));
  mkdirSync(path.join(stage, 'docker'));
  for (const [inside, source] of Object.entries(binaries))
    copyFileSync(source, path.join(stage, 'docker', inside));
  execFileSync('tar', ['-C', stage, '-I', 'gzip -1', '-cf', `${stage}.tgz`, 'docker']);
  rmSync(stage, { recursive: true });
  renameSync(`${stage}.tgz`, target);
  return target;
}

/** A file a Debian package installed, by its base name. */
function debianFile(pkg: string, name: string): string {
  const listed = execFileSync('dpkg', ['-L', pkg], { encoding: 'utf8' }).split('\n');
  const file = listed.find((line) => /\/s?bin\//.test(line) && path.basename(line) === name);
  if (!file) throw new Error(`${pkg} has no ${name}: run 'bash scripts/testbed.sh install'`);
  return file;
}

/** Debian's 20.10 engine in the layout of docker-<version>.tgz. */
export function debianDockerArchive(): string {
  return pack(`docker-${DEBIAN_DOCKER_VERSION}.tgz`, {
    docker: debianFile('docker.io', 'docker'),
    dockerd: debianFile('docker.io', 'dockerd'),
    'docker-proxy': debianFile('docker.io', 'docker-proxy'),
    containerd: debianFile('containerd', 'containerd'),
    'containerd-shim-runc-v2': debianFile('containerd', 'containerd-shim-runc-v2'),
    ctr: debianFile('containerd', 'ctr'),
    runc: debianFile('runc', 'runc'),
    'docker-init': debianFile('tini', 'tini-static'),
  });
}

export function staticClientArchive(): string {
  return pack(`docker-${staticClientVersion()}.tgz`, { docker: which('docker') });
}

/** compose v2's CLI plugin face over Debian's compose v1, which does the real work. */
function composeStandIn(): string {
  return `#!/bin/sh
# Test stand-in for the compose v2 release binary: answers the CLI plugin protocol and 'version' as
# v${COMPOSE_VERSION}, and hands every other command to compose v1.
if [ "$1" = docker-cli-plugin-metadata ]; then
  echo '{"SchemaVersion":"0.1.0","Vendor":"berth tests","Version":"v${COMPOSE_VERSION}","ShortDescription":"Docker Compose (stand-in)"}'
  exit 0
fi
[ "$1" = compose ] && shift
if [ "$1" = version ]; then
  case " $* " in *" --short "*) echo "${COMPOSE_VERSION}" ;; *) echo "Docker Compose version v${COMPOSE_VERSION}" ;; esac
  exit 0
fi
exec ${which('docker-compose')} "$@"
`;
}

function buildxStandIn(): string {
  return `#!/bin/sh
# Test stand-in for the buildx release binary: the CLI plugin protocol and 'version' only.
if [ "$1" = docker-cli-plugin-metadata ]; then
  echo '{"SchemaVersion":"0.1.0","Vendor":"berth tests","Version":"v${BUILDX_VERSION}","ShortDescription":"Docker Buildx (stand-in)"}'
  exit 0
fi
[ "$1" = buildx ] && shift
[ "$1" = version ] && echo "github.com/docker/buildx v${BUILDX_VERSION} stand-in" && exit 0
echo "buildx stand-in: only 'version' is implemented" >&2
exit 1
`;
}

export interface MirrorContent {
  /** Docker archives to serve, by path; each gets a `.sha256` unless `withoutSums`. */
  dockerArchives?: string[];
  compose?: boolean;
  buildx?: boolean;
  /** Leave out every published sum file. */
  withoutSums?: boolean;
  /** Serve these archives with one byte changed (and the sum of the real one). */
  corrupt?: boolean;
}

function place(
  root: string,
  relative: string,
  data: Buffer,
  sumLine: string | undefined,
  sumName = `${relative}.sha256`,
): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  chmodSync(file, 0o755);
  if (sumLine !== undefined) writeFileSync(path.join(root, sumName), sumLine);
}

/** Lays out a mirror folder in the official layouts. */
export function mirrorFolder(content: MirrorContent, scratch: Scratch): string {
  const root = scratch.dir('mirror');
  const withSum = !content.withoutSums;
  for (const archive of content.dockerArchives ?? []) {
    const name = path.basename(archive);
    const data = readFileSync(archive);
    const sum = `${createHash('sha256').update(data).digest('hex')}  ${name}\n`;
    if (content.corrupt) data[data.length >> 1] ^= 0xff;
    place(root, `docker/stable/${ARCH}/${name}`, data, withSum ? sum : undefined);
  }
  if (content.compose) {
    const name = `docker-compose-linux-${ARCH}`;
    const data = Buffer.from(composeStandIn());
    const sum = `${createHash('sha256').update(data).digest('hex')} *${name}\n`;
    place(root, `compose/v${COMPOSE_VERSION}/${name}`, data, withSum ? sum : undefined);
  }
  if (content.buildx) {
    const name = `buildx-v${BUILDX_VERSION}.linux-${process.arch === 'arm64' ? 'arm64' : 'amd64'}`;
    const data = Buffer.from(buildxStandIn());
    const sums = `${'0'.repeat(64)} *buildx-v${BUILDX_VERSION}.linux-riscv64\n${createHash('sha256').update(data).digest('hex')} *${name}\n`;
    place(
      root,
      `buildx/v${BUILDX_VERSION}/${name}`,
      data,
      withSum ? sums : undefined,
      `buildx/v${BUILDX_VERSION}/checksums.txt`,
    );
  }
  return root;
}

/** An HTTP server over a mirror folder on 127.0.0.1; folders get an index page of links. */
export class Mirror {
  readonly requests: string[] = [];
  private server: Server | undefined;
  url = '';

  constructor(readonly root: string) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://mirror').pathname);
      this.requests.push(urlPath);
      const file = path.join(this.root, path.normalize(urlPath));
      if (!file.startsWith(this.root) || !existsSync(file)) {
        response.writeHead(404).end('not found');
      } else if (statSync(file).isDirectory()) {
        const links = readdirSync(file).map((name) => `<a href="${name}">${name}</a><br>`);
        response
          .writeHead(200, { 'content-type': 'text/html' })
          .end(`<html><body>\n${links.join('\n')}\n</body></html>`);
      } else {
        response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
      }
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  /** The install inputs that point berth at this mirror. */
  inputs(): Record<string, string> {
    return {
      'docker-download-url': `${this.url}/docker`,
      'compose-download-url': `${this.url}/compose`,
      'buildx-download-url': `${this.url}/buildx`,
    };
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Temporary folders a test file makes (tool caches, jobs, mirrors), removed together when it ends. */
export class Scratch {
  private readonly dirs: string[] = [];

  dir(label: string): string {
    return this.add(tempDir(label));
  }

  add(dir: string): string {
    this.dirs.push(dir);
    return dir;
  }

  clean(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
