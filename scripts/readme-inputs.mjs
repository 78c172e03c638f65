// Writes the inputs and outputs tables of README.md from action.yml, between the marker comments.
// `--check` only compares, and exits 1 when the README has drifted from action.yml.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const START = '<!-- action-yml:start -->';
const END = '<!-- action-yml:end -->';

const cell = (text) =>
  String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();

export function tables(action) {
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.default === undefined ? '' : `\`${cell(spec.default)}\``} | ${cell(spec.description)} |`,
  );
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return [
    START,
    '### Inputs',
    '',
    '| input | default | description |',
    '| --- | --- | --- |',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs,
    END,
  ].join('\n');
}

const readmePath = `${root}README.md`;
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) {
  console.error(`README.md: the markers ${START} and ${END} are missing`);
  process.exit(1);
}
const wanted =
  readme.slice(0, start) +
  tables(parse(readFileSync(`${root}action.yml`, 'utf8'))) +
  readme.slice(end + END.length);
if (process.argv.includes('--check')) {
  if (wanted !== readme) {
    console.error('README.md: the inputs and outputs tables differ from action.yml; run npm run docs');
    process.exit(1);
  }
} else if (wanted !== readme) {
  writeFileSync(readmePath, wanted);
  console.log('README.md: tables written from action.yml');
}
