// After an install: ask the tools themselves which versions they are, and refuse a PATH or daemon
// that does not answer with the pinned version.
import type { VersionJson } from '../core/docker-cli.js';
import { run } from '../core/exec.js';

/**
 * Whether a tool reports the pinned version. A leading `v`, build metadata (`+dfsg4`, `+ds1`) and a
 * distribution's revision (`-3`: digits alone after the last `-`) are not part of the version, so
 * Debian's `28.5.2+dfsg4`, `0.29.1+ds1` and `2.40.3-3` match pins 28.5.2, 0.29.1 and 2.40.3; a
 * release candidate (`28.0.0-rc.1`) matches only its own pin.
 */
export function sameVersion(reported: string, pinned: string): boolean {
  const bare = reported.trim().replace(/^v/, '').replace(/\+.*$/, '');
  return bare === pinned || bare.replace(/-\d+$/, '') === pinned;
}

export async function dockerVersions(): Promise<{ client: string; server: string }> {
  const result = await run(['docker', 'version', '--format', '{{json .}}'], {
    allowFailure: true,
    timeoutMs: 30_000,
  });
  try {
    const parsed = JSON.parse(result.stdout) as VersionJson;
    return { client: parsed.Client?.Version ?? '', server: parsed.Server?.Version ?? '' };
  } catch {
    return { client: '', server: '' };
  }
}

async function say(argv: string[]): Promise<string> {
  const result = await run(argv, { allowFailure: true, timeoutMs: 30_000 });
  return result.exitCode === 0
    ? result.stdout.trim()
    : `(failed: ${(result.stderr || result.stdout).trim()})`;
}

/** Checks that both spellings of compose report the pinned version; returns what they said. */
export async function checkCompose(pinned: string): Promise<string> {
  const plugin = await say(['docker', 'compose', 'version', '--short']);
  const standalone = await say(['docker-compose', 'version', '--short']);
  for (const [how, said] of [
    ['docker compose', plugin],
    ['docker-compose', standalone],
  ] as const) {
    if (!sameVersion(said, pinned)) {
      throw new Error(`compose-version: installed ${pinned}, but '${how} version' reports ${said}`);
    }
  }
  return `docker compose ${plugin}, docker-compose ${standalone}`;
}

export async function checkBuildx(pinned: string): Promise<string> {
  const said = await say(['docker', 'buildx', 'version']);
  const version = said.split(/\s+/).find((word) => /^v?\d+\.\d+\.\d+/.test(word)) ?? said;
  if (!sameVersion(version, pinned)) {
    throw new Error(`buildx-version: installed ${pinned}, but 'docker buildx version' reports ${said}`);
  }
  return `docker buildx ${version}`;
}
