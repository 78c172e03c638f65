// Test reports read: the JUnit XML files among the copied artifacts. A red job says which tests failed
// (one annotation each, with the file and line the report gives) without anyone downloading anything;
// the summary has the totals and the slowest tests. A file that is not JUnit is passed over; one that
// is JUnit but does not parse is a warning that names it. Parsed with fast-xml-parser, matched with
// minimatch: both are what the toolkit's own packages use.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { minimatch } from 'minimatch';

export interface TestCase {
  suite: string;
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  seconds: number;
  /** The failure's message, its first line. */
  message: string;
  file?: string;
  line?: number;
}

export interface TestTotals {
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  cases: TestCase[];
  /** Reports that looked like JUnit but did not parse, with why. */
  broken: { file: string; why: string }[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // elements always as lists (a suite of one case reads as a suite of many); attributes as values
  isArray: (_name, _path, _leaf, attribute) => !attribute,
  // a failure's text is kept as text, whatever it looks like
  parseTagValue: false,
  parseAttributeValue: false,
});

const list = (value: unknown): Node[] => (Array.isArray(value) ? (value as Node[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The first child element `key`; an element with text only comes back as `{ '#text': text }`. */
function first(node: Node, key: string): Node | undefined {
  const value = (Array.isArray(node[key]) ? (node[key] as unknown[]) : [])[0];
  if (value === undefined) return undefined;
  return typeof value === 'object' && value !== null ? (value as Node) : { '#text': String(value) };
}

function caseOf(suite: string, node: Node): TestCase {
  const failure = first(node, 'failure') ?? first(node, 'error');
  const skipped = first(node, 'skipped');
  const message = failure ? text(failure.message) || text(failure['#text']) : '';
  const line = Number(text(node.line));
  return {
    suite,
    name: text(node.name) || '(unnamed)',
    status: failure ? 'failed' : skipped ? 'skipped' : 'passed',
    seconds: Number(text(node.time)) || 0,
    message: message.trim().split('\n')[0] ?? '',
    ...(text(node.file) ? { file: text(node.file) } : {}),
    ...(Number.isInteger(line) && line > 0 ? { line } : {}),
  };
}

function suiteCases(node: Node): TestCase[] {
  const suite = text(node.name) || '(unnamed suite)';
  return [
    ...list(node.testcase).map((testcase) => caseOf(suite, testcase)),
    ...list(node.testsuite).flatMap(suiteCases),
  ];
}

/** The cases of one JUnit document; undefined when it is not JUnit (no testsuites/testsuite root). */
export function parseJUnit(xml: string): TestCase[] | undefined {
  if (!/<testsuites?[\s>]/.test(xml)) return undefined;
  const document = parser.parse(xml, true) as Node;
  const roots = [
    ...list(document.testsuites),
    ...list(document.testsuite).map((suite) => ({ testsuite: [suite] })),
  ];
  if (roots.length === 0) throw new Error('no testsuites or testsuite element');
  return roots.flatMap((root) => list(root.testsuite).flatMap(suiteCases));
}

/** The files under `dir` whose path relative to it matches `pattern`. */
export function matchingFiles(dir: string, pattern: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return names.filter((name) => minimatch(name, pattern, { dot: true })).map((name) => path.join(dir, name));
}

/** Reads every JUnit report among `dir`'s files that match `pattern`. */
export function readReports(dir: string, pattern: string): TestTotals {
  const totals: TestTotals = { passed: 0, failed: 0, skipped: 0, seconds: 0, cases: [], broken: [] };
  for (const file of matchingFiles(dir, pattern)) {
    let cases: TestCase[] | undefined;
    try {
      cases = parseJUnit(readFileSync(file, 'utf8'));
    } catch (error) {
      totals.broken.push({
        file,
        why: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
      });
      continue;
    }
    for (const testcase of cases ?? []) {
      totals[testcase.status]++;
      totals.seconds += testcase.seconds;
      totals.cases.push(testcase);
    }
  }
  return totals;
}

/** `passed=N failed=N skipped=N`, the `tests` output. */
export function totalsLine(totals: TestTotals): string {
  return `passed=${totals.passed} failed=${totals.failed} skipped=${totals.skipped}`;
}

/** The slowest cases, slowest first. */
export function slowest(totals: TestTotals, count: number): TestCase[] {
  return [...totals.cases].sort((a, b) => b.seconds - a.seconds).slice(0, count);
}
