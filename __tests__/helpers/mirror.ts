// A local mirror of the official download layouts on 127.0.0.1, for the install tests: an HTTP server
// over a folder (with index pages like download.docker.com's) that counts the requests it serves, and
// what it serves, real binaries in the official layouts (nothing can be downloaded from the official
// places here):
//   docker-28.5.2.tgz    today's engine and CLI (Debian's builds from sid, which the testbed unpacks:
//                        dockerd, docker-proxy, docker, containerd 2, its shim, ctr) with Debian 12's
//                        runc and tini (sid's docker-init links to a tini it does not ship), in the
//                        static archive's layout
//   docker-20.10.24.tgz  Debian 12's docker.io, containerd, runc and tini, the same way
//   compose, buildx      compose 2.40.3 and buildx 0.29.1, the CLI plugins from sid
// Their versions carry Debian's revision: 28.5.2+dfsg4, 2.40.3-3, 0.29.1+ds1 when this was written;
// the tests read them from the binaries.
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

export const DEBIAN_DOCKER_VERSION = '20.10.24';
export const ARCH = dockerArch(process.arch);

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A file of the testbed's unpacked sid root (scripts/testbed.sh), e.g. `usr/sbin/dockerd`. */
export function modernFile(relative: string): string {
  const root = process.env.BERTH_TESTBED_MODERN;
  if (!root) throw new Error("BERTH_TESTBED_MODERN is not set: run the tests with 'npm test'");
  const file = path.join(root, relative);
  if (!existsSync(file)) throw new Error(`the testbed's sid root has no ${relative}`);
  return file;
}

/** What a program prints for `args`, trimmed: how the tests learn the versions the binaries report. */
export function said(program: string, ...args: string[]): string {
  return execFileSync(program, args, { encoding: 'utf8' }).trim();
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

/** Today's engine and CLI (sid's builds) with Debian 12's runc, in the layout of docker-<version>.tgz. */
export function modernDockerArchive(): string {
  return pack(`docker-${MODERN_DOCKER_VERSION}.tgz`, {
    docker: modernFile('usr/bin/docker'),
    dockerd: modernFile('usr/sbin/dockerd'),
    'docker-proxy': modernFile('usr/sbin/docker-proxy'),
    containerd: modernFile('usr/bin/containerd'),
    'containerd-shim-runc-v2': modernFile('usr/bin/containerd-shim-runc-v2'),
    ctr: modernFile('usr/bin/ctr'),
    runc: debianFile('runc', 'runc'),
    'docker-init': debianFile('tini', 'tini-static'),
  });
}

export const composeBinary = (): string => modernFile('usr/libexec/docker/cli-plugins/docker-compose');
export const buildxBinary = (): string => modernFile('usr/libexec/docker/cli-plugins/docker-buildx');

/** The release a Debian build reports: `28.5.2+dfsg4` is 28.5.2, `2.40.3-3` is 2.40.3. */
const release = (reported: string): string =>
  reported.replace(/^v/, '').replace(/\+.*$/, '').replace(/-\d+$/, '');

// The versions of today's tools as the testbed's sid root has them (whatever sid held when it was
// fetched): read from the binaries, so that the tests follow sid rather than a number written here.
export const MODERN_DOCKER_VERSION = release(
  /version (\S+),/.exec(said(modernFile('usr/bin/docker'), '--version'))?.[1] ?? '',
);
export const COMPOSE_VERSION = release(said(composeBinary(), 'version', '--short'));
export const BUILDX_VERSION = release(said(buildxBinary(), 'version').split(' ')[1] ?? '');

export interface MirrorContent {
  /** Docker archives to serve, by path; each gets a `.sha256` unless `withoutSums`. */
  dockerArchives?: string[];
  compose?: boolean;
  /** Serve the compose binary under this version's path instead (a mirror that holds another version). */
  composeAs?: string;
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
    const data = readFileSync(composeBinary());
    const sum = `${createHash('sha256').update(data).digest('hex')} *${name}\n`;
    place(root, `compose/v${content.composeAs ?? COMPOSE_VERSION}/${name}`, data, withSum ? sum : undefined);
  }
  if (content.buildx) {
    const name = `buildx-v${BUILDX_VERSION}.linux-${process.arch === 'arm64' ? 'arm64' : 'amd64'}`;
    const data = readFileSync(buildxBinary());
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
