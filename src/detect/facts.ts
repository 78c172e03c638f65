// What the daemon and the client are: versions, storage, rootless, cgroups, OS, builder and compose.
// The parsers and the warnings are pure; `readInfo` asks `docker info` (once a run: the builder choice
// reads its image store) and `readDaemonFacts` the few commands that feed the rest.
import { openSync, readSync, closeSync } from 'node:fs';
import * as io from '@actions/io';
import type { VersionJson } from '../core/docker-cli.js';
import { imageStoreOf } from './builder.js';
import { run } from '../core/exec.js';
import { earlyAnswer, INFO, QUESTION_TIMEOUT_MS } from './early.js';

export type ComposeKind = 'plugin' | 'standalone' | 'v1' | 'none';

export interface DaemonFacts {
  clientVersion: string;
  /** The newest API the client speaks (it negotiates down to the server's). */
  clientApiVersion: string;
  serverVersion: string;
  apiVersion: string;
  /** `OperatingSystem` of `docker info`, e.g. `Debian GNU/Linux 12 (bookworm)`, `Docker Desktop`. */
  os: string;
  storageDriver: string;
  rootless: boolean;
  cgroupVersion: string;
  /** The daemon's data root, on the daemon's file system. */
  rootDir: string;
  /** Images and layers are in the containerd image store (a snapshotter), not under the data root. */
  containerdStore: boolean;
}

export interface Compose {
  kind: ComposeKind;
  /** Empty for compose v1, whose Python start-up (about a second of a core) berth does not pay for it. */
  version: string;
}

export interface InfoJson {
  Driver?: string;
  OperatingSystem?: string;
  CgroupVersion?: string;
  SecurityOptions?: string[] | null;
  DockerRootDir?: string;
  /** Pairs such as `["driver-type", "io.containerd.snapshotter.v1"]`. */
  DriverStatus?: [string, string][] | null;
  /** The client's side, with the CLI plugins it found (each asked for its metadata). */
  ClientInfo?: {
    Plugins?: { Name?: string; Version?: string; Err?: string }[] | null;
    /** What went wrong while the client looked for its plugins (the list may then be short). */
    ClientErrors?: string[] | null;
  } | null;
}

/** The compose plugin's version as the client lists its plugins in `docker info`; undefined: none. */
export function composePlugin(info: InfoJson): string | undefined {
  const plugin = (info.ClientInfo?.Plugins ?? []).find(({ Name, Err }) => Name === 'compose' && !Err);
  return plugin ? plugin.Version || 'unknown' : undefined;
}

/**
 * The client plugins that load, as `docker info` lists them; undefined when it cannot tell (no client
 * section, as from a client that is not Docker's, or an error while the client looked for them).
 */
export function clientPlugins(info: InfoJson | undefined): string[] | undefined {
  const client = info?.ClientInfo;
  if (!client || (client.ClientErrors ?? []).length > 0) return undefined;
  return (client.Plugins ?? []).flatMap(({ Name, Err }) => (Name && !Err ? [Name] : []));
}

export function parseFacts(version: VersionJson, info: InfoJson): DaemonFacts {
  return {
    clientVersion: version.Client?.Version ?? '',
    clientApiVersion: version.Client?.DefaultAPIVersion ?? version.Client?.ApiVersion ?? '',
    serverVersion: version.Server?.Version ?? '',
    apiVersion: version.Server?.ApiVersion ?? '',
    os: info.OperatingSystem ?? '',
    storageDriver: info.Driver ?? '',
    rootless: (info.SecurityOptions ?? []).some((option) => option.includes('name=rootless')),
    cgroupVersion: info.CgroupVersion ?? '',
    rootDir: info.DockerRootDir ?? '',
    containerdStore: imageStoreOf(info.DriverStatus) === 'containerd',
  };
}

function numbers(version: string): number[] {
  return version.split(/[.+~-]/).map((part) => Number.parseInt(part, 10));
}

/** Compares dotted versions numerically: negative when a is older. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [numbers(a), numbers(b)];
  for (let index = 0; index < Math.max(x.length, y.length); index++) {
    const difference = (x[index] || 0) - (y[index] || 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Warnings a person should read: a client ahead of the server, a slow or unusual storage driver. */
export function factWarnings(facts: DaemonFacts): string[] {
  const warnings: string[] = [];
  const { clientApiVersion, apiVersion, clientVersion, serverVersion } = facts;
  if (clientApiVersion && apiVersion && compareVersions(clientApiVersion, apiVersion) > 0)
    warnings.push(
      `the docker client speaks API ${clientApiVersion}, the daemon only ${apiVersion}: the client downgrades, and features newer than the daemon are not there`,
    );
  const [clientMajor, serverMajor] = [numbers(clientVersion)[0], numbers(serverVersion)[0]];
  if (clientMajor && serverMajor && clientMajor !== serverMajor)
    warnings.push(`docker client ${clientVersion} and daemon ${serverVersion} differ by a major version`);
  if (facts.storageDriver === 'vfs')
    warnings.push('the daemon uses the vfs storage driver: every layer is a full copy, builds are slow');
  return warnings;
}

/** Compose from `docker compose version --short` (plugin) or `docker-compose version --short`. */
export function composeKind(plugin: string | undefined, standalone: string | undefined): Compose {
  if (plugin) return { kind: 'plugin', version: plugin.replace(/^v/, '') };
  if (!standalone) return { kind: 'none', version: '' };
  const version = standalone.replace(/^v/, '');
  return { kind: version.startsWith('1.') ? 'v1' : 'standalone', version };
}

/** A compiled program (ELF) is compose v2; anything else on PATH as docker-compose is the Python v1. */
export function isCompiled(head: Uint8Array): boolean {
  return head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}

function fileHead(file: string): Uint8Array {
  const head = new Uint8Array(4);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  return head;
}

/**
 * The client's compose: the plugin when `docker info` lists it; else a standalone docker-compose, asked
 * for its version only when it is compiled (v2), since v1 is a Python program that takes a second of a
 * core to print it, on the cores the tests are using.
 */
async function readCompose(plugin: string | undefined): Promise<Compose> {
  if (plugin) return composeKind(plugin, undefined);
  const standalone = await io.which('docker-compose', false);
  if (!standalone) return composeKind(undefined, undefined);
  let head: Uint8Array;
  try {
    head = fileHead(standalone);
  } catch {
    return { kind: 'standalone', version: '' }; // there, but not readable: not asked
  }
  if (!isCompiled(head)) return { kind: 'v1', version: '' };
  return composeKind(undefined, await firstLine(['docker-compose', 'version', '--short']));
}

// beside the tests: at a lower priority (core/spawn.ts)
const QUICK = { allowFailure: true, timeoutMs: 10_000, background: true } as const;

async function firstLine(argv: string[]): Promise<string | undefined> {
  const result = await run(argv, QUICK);
  const line = result.stdout.trim().split('\n')[0]?.trim();
  return result.exitCode === 0 && line ? line : undefined;
}

export interface PendingFacts {
  facts: Promise<DaemonFacts>;
  compose: Promise<Compose>;
}

/**
 * `docker info` (asked early if it was asked while the step loaded), which also lists the client's
 * plugins; undefined when it said nothing that parses. `env` points at the daemon found.
 */
export async function readInfo(env: Record<string, string>): Promise<InfoJson | undefined> {
  const asked =
    earlyAnswer(INFO, env) ?? run(INFO, { env, allowFailure: true, timeoutMs: QUESTION_TIMEOUT_MS });
  const result = await asked.catch(() => undefined);
  return result ? parseInfo(result.stdout) : undefined;
}

/**
 * The facts from `info` (the run's one `docker info`) and the ping; each of facts and compose settles
 * on its own, so that the probe, which needs the data root, does not wait for a standalone compose.
 * `facts` never rejects: without `docker info` the facts stay empty and the versions still come from
 * the ping.
 */
export function readDaemonFacts(version: VersionJson, info: Promise<InfoJson | undefined>): PendingFacts {
  const json = info.then(
    (parsed) => parsed ?? {},
    (): InfoJson => ({}),
  );
  return {
    facts: json.then((parsed) => parseFacts(version, parsed)),
    compose: json.then((parsed) => readCompose(composePlugin(parsed))),
  };
}

function parseInfo(text: string): InfoJson | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as InfoJson) : undefined;
  } catch {
    return undefined;
  }
}
