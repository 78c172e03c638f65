// The templates of the `tags` input: `{{sha}}`, `{{branch}}`, `{{version}}`, `{{major}}`, `{{minor}}`,
// `{{patch}}`, `{{pr}}`, `{{run}}` and `{{date 'FORMAT'}}`, checked when the inputs are read and filled
// in once the run's context is known. This module loads no package: inputs.ts checks the templates
// before main's code loads.

/** The names a template may use; `date` takes a format in quotes. */
const TEMPLATE_NAMES: readonly string[] = [
  'sha',
  'branch',
  'version',
  'major',
  'minor',
  'patch',
  'pr',
  'run',
  'date',
];

const TEMPLATE = /\{\{\s*([a-z]+)(?:\s+'([^']*)')?\s*\}\}/g;

/** The values of one run's templates; an empty value leaves the entry that uses it out. */
export interface TemplateValues {
  /** The commit, 7 characters. */
  sha: string;
  /** The branch, made tag-safe. */
  branch: string;
  /** `1.2.3` for the version tag `v1.2.3`. */
  version: string;
  major: string;
  minor: string;
  patch: string;
  /** The pull request's number. */
  pr: string;
  /** The CI's run number. */
  run: string;
  /** The moment `{{date}}` formats (UTC). */
  now: Date;
}

/** Whether a `tags` entry uses templates. */
export function hasTemplate(entry: string): boolean {
  return entry.includes('{{');
}

/** Why a template entry is not valid, or undefined when it is. */
export function templateError(entry: string): string | undefined {
  const rest = entry.replace(TEMPLATE, (_whole, name: string, format: string | undefined) => {
    if (!TEMPLATE_NAMES.includes(name)) return `\0${name}`;
    if ((name === 'date') !== (format !== undefined)) return `\0${name}`;
    return '';
  });
  const bad = /\0(\w+)/.exec(rest)?.[1];
  if (bad === 'date') return `'${entry}': {{date}} needs a format in quotes, such as {{date 'YYYYMMDD'}}`;
  if (bad !== undefined)
    return `'${entry}': {{${bad}}} is not a template (${TEMPLATE_NAMES.map((name) => `{{${name}}}`).join(', ')})`;
  if (rest.includes('{{') || rest.includes('}}')) return `'${entry}': a '{{' or '}}' with no template`;
  return undefined;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * A date in UTC, by the tokens of moment's format that tags use: `YYYY`, `YY`, `MM`, `DD`, `HH`, `mm`,
 * `ss`; other characters stay as they are. Written here: seven tokens do not need a date library.
 */
export function formatDate(date: Date, format: string): string {
  const tokens: Record<string, string> = {
    YYYY: pad(date.getUTCFullYear(), 4),
    YY: pad(date.getUTCFullYear() % 100),
    MM: pad(date.getUTCMonth() + 1),
    DD: pad(date.getUTCDate()),
    HH: pad(date.getUTCHours()),
    mm: pad(date.getUTCMinutes()),
    ss: pad(date.getUTCSeconds()),
  };
  return format.replace(/YYYY|YY|MM|DD|HH|mm|ss/g, (token) => tokens[token] ?? token);
}

/** The entry with its templates filled in, or undefined when one of them has no value in this run. */
export function renderTemplate(entry: string, values: TemplateValues): string | undefined {
  let missing = false;
  const text = entry.replace(TEMPLATE, (_whole, name: string, format: string | undefined) => {
    const value =
      name === 'date'
        ? formatDate(values.now, format ?? '')
        : values[name as Exclude<keyof TemplateValues, 'now'>];
    if (!value) missing = true;
    return value;
  });
  return missing ? undefined : text;
}

/**
 * A `tags` entry split into the repository it names (empty for a bare tag) and its tag, where the tag
 * may hold templates (whose formats may hold ':' or '/'): the name ends at the first ':' after the last
 * '/' before any template.
 */
export function splitEntry(entry: string): { name: string; tag: string } {
  const brace = entry.indexOf('{{');
  const head = brace < 0 ? entry : entry.slice(0, brace);
  const slash = head.lastIndexOf('/');
  const colon = head.indexOf(':', slash + 1);
  if (colon < 0) return slash < 0 ? { name: '', tag: entry } : { name: entry, tag: '' };
  return { name: entry.slice(0, colon), tag: entry.slice(colon + 1) };
}
