// Multiline inputs: one item a line, blank lines and `#` comments ignored.

export interface KeyValue {
  key: string;
  value: string;
}

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
        throw new Error(`${input}: line ${number} is not KEY=VALUE with KEY of letters, digits and '_'`);
      }
      if (seen.has(key)) throw new Error(`${input}: ${key} is given twice`);
      seen.add(key);
      return { key, value: raw.slice(equals + 1) };
    });
}
