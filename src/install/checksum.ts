// Checksums: reading a published sum file, hashing a download, and deciding what a result means.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * The sha256 for `name` in a sum file: lines `<hex>  <name>` or `<hex> *<name>` (sha256sum's text and
 * binary forms), where the name may carry a path. A file with one bare `<hex>` line also counts.
 */
export function parseSumFile(text: string, name: string): string | undefined {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  for (const line of lines) {
    const match = /^([0-9a-fA-F]{64})(?:\s+\*?(.+))?$/.exec(line);
    if (!match?.[1]) continue;
    const listed = match[2]?.trim();
    if (listed === undefined && lines.filter(Boolean).length === 1) return match[1].toLowerCase();
    if (listed !== undefined && listed.split('/').pop() === name) return match[1].toLowerCase();
  }
  return undefined;
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Where the expected sum came from, as the summary names it. */
export interface ExpectedSum {
  sha256: string;
  /** `input docker-sha256` or the sum file's URL. */
  from: string;
}

export type Verdict =
  | { ok: true; checksum: string }
  | { ok: false; error: string }
  | { ok: true; checksum: string; warning: string };

/** Judges a download: matching sum, mismatch (refused), or no sum at all (warning, or refused if strict). */
export function judge(
  label: string,
  url: string,
  actual: string,
  expected: ExpectedSum | undefined,
  strict: boolean,
): Verdict {
  if (expected) {
    if (expected.sha256 === actual) return { ok: true, checksum: `sha256 verified (${expected.from})` };
    return {
      ok: false,
      error: `${label}: checksum mismatch for ${url}: expected sha256 ${expected.sha256} (${expected.from}), got ${actual}; nothing was installed or cached`,
    };
  }
  const missing = `${label}: no checksum for ${url} (no ${label}-sha256 input, no published sum file)`;
  if (strict) return { ok: false, error: `${missing}; refused because verify is strict` };
  return {
    ok: true,
    checksum: 'unverified: no checksum found',
    warning: `${missing}; installed unverified (sha256 ${actual})`,
  };
}
