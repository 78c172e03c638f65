// Input values: how every input is split and checked, with one form of error: the input's name, what
// is wrong, and what a valid value looks like. Used by inputs.ts and install/settings.ts only.

export interface KeyValue {
  key: string;
  value: string;
}

/** An error about one input: `name: problem`. */
export function inputError(name: string, problem: string): Error {
  return new Error(`${name}: ${problem}`);
}

/** One item a line; blank lines and `#` comments ignored. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses `KEY=VALUE` lines. The error names the input and the line but never repeats the value,
 * which may be a secret.
 */
export function parseKeyValues(input: string, text: string): KeyValue[] {
  const seen = new Set<string>();
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ raw: raw.trim(), number: index + 1 }))
    .filter(({ raw }) => raw && !raw.startsWith('#'))
    .map(({ raw, number }) => {
      const equals = raw.indexOf('=');
      const key = equals > 0 ? raw.slice(0, equals).trim() : '';
      if (!ENV_KEY.test(key)) {
        throw inputError(input, `line ${number} is not KEY=VALUE with KEY of letters, digits and '_'`);
      }
      if (seen.has(key)) throw inputError(input, `${key} is given twice`);
      seen.add(key);
      return { key, value: raw.slice(equals + 1) };
    });
}

/** One of `allowed` (case-insensitive); `fallback` when empty. */
export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], fallback: T): T {
  if (value === '') return fallback;
  const found = allowed.find((option) => option === value.toLowerCase());
  if (found === undefined) throw inputError(name, `'${value}' is not one of ${allowed.join(', ')}`);
  return found;
}

/** `true` or `false`; `fallback` when empty. */
export function flag(name: string, value: string, fallback: boolean): boolean {
  return oneOf(name, value, ['true', 'false'] as const, fallback ? 'true' : 'false') === 'true';
}

/** A whole number from 0 to `max`. */
export function wholeNumber(name: string, value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw inputError(name, `'${value}' is not a whole number from 0 to ${max}`);
  }
  return Number(value);
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  tib: 1024 ** 4,
};

/** `2GiB`, `500MB`, `1.5g`, `0`: a byte count; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  if (!match?.[1] || unit === undefined) return undefined;
  return Math.round(Number(match[1]) * unit);
}

/** A size input. */
export function size(name: string, value: string): number {
  const bytes = parseSize(value);
  if (bytes === undefined) throw inputError(name, `'${value}' is not a size such as 2GiB, 500MB or 0`);
  return bytes;
}

const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** `27.3.1`, `v27.3.1` and `docker-v29.0.0` all mean `27.3.1`; `latest` where allowed; empty stays empty. */
export function version(name: string, value: string, allowLatest: boolean): string {
  if (value === '') return '';
  if (allowLatest && value.toLowerCase() === 'latest') return 'latest';
  const bare = value.replace(/^(docker-)?v/i, '');
  if (!VERSION.test(bare)) {
    const valid = allowLatest ? 'X.Y.Z (e.g. 27.3.1), vX.Y.Z or latest' : 'X.Y.Z (e.g. 2.29.7) or vX.Y.Z';
    throw inputError(name, `'${value}' is not a version: use ${valid}`);
  }
  return bare;
}

/** 64 hex digits (a `sha256:` prefix allowed), lower-cased; empty stays empty. */
export function sha256(name: string, value: string): string {
  if (value === '') return '';
  const hex = value.replace(/^sha256:/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw inputError(name, 'is not a sha256: use 64 hex digits');
  return hex;
}

/** An http(s) URL without a trailing slash; `fallback` when empty. */
export function url(name: string, value: string, fallback: string): string {
  const text = (value || fallback).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(text))
    throw inputError(name, `'${value}' is not a URL: use http(s)://host/path`);
  return text;
}

/** A JSON object; `{}` when empty. The error never repeats the value. */
export function jsonObject(name: string, value: string): Record<string, unknown> {
  if (value === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw inputError(name, 'is not valid JSON: use an object such as {"debug": true}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw inputError(name, 'must be a JSON object such as {"debug": true}');
  }
  return parsed as Record<string, unknown>;
}
