// The stages of a Dockerfile, read with a real parser: names, bases (ARG-parameterised FROMs resolved
// with the build args and the defaults of the ARGs declared before the first FROM), and which stages
// each one needs (FROM <stage>, COPY --from, RUN --mount=from=), so berth knows what a target builds.
import { DockerfileParser } from 'dockerfile-ast';
import type { KeyValue } from '../core/input-values.js';

export interface Stage {
  index: number;
  /** The name after AS, lower-cased; empty for an unnamed stage. */
  name: string;
  /** How BuildKit labels the stage in its output and berth names its cache: the name, else `stage-N`. */
  key: string;
  /** The base image with ARGs resolved, or the name of the stage it starts from. */
  base: string;
  /** Indexes of the earlier stages this one needs. */
  needs: number[];
}

export interface DockerfileStages {
  stages: Stage[];
  /** Index of the stage the build stops at. */
  target: number;
  /** Indexes of the stages the target needs, itself included, in order. */
  needed: number[];
  /** Every ARG the Dockerfile declares, global or in a stage, with its default (empty when none). */
  argDefaults: Map<string, string>;
}

/** Replaces `$X`, `${X}`, `${X:-default}` and `${X:+alternative}` the way the Dockerfile frontend does. */
export function expandArgs(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (
      _match,
      braced: string | undefined,
      op: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      const value = values.get(braced ?? bare ?? '') ?? '';
      if (op === '-') return value || (word ?? '');
      if (op === '+') return value ? (word ?? '') : '';
      return value;
    },
  );
}

function flagValues(text: string, flag: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(new RegExp(`--${flag}=(\\S+)`, 'g'))) if (match[1]) found.push(match[1]);
  return found;
}

/** `from=` values of RUN --mount options. */
function mountSources(flags: string[]): string[] {
  return flags.flatMap((mount) =>
    mount
      .split(',')
      .filter((option) => option.startsWith('from='))
      .map((option) => option.slice('from='.length)),
  );
}

export function parseStages(text: string, buildArgs: readonly KeyValue[], target: string): DockerfileStages {
  const dockerfile = DockerfileParser.parse(text);
  const values = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) values.set(property.getName(), property.getValue() ?? '');
  }
  for (const { key, value } of buildArgs) if (values.has(key)) values.set(key, value);

  const froms = dockerfile.getFROMs();
  if (froms.length === 0) throw new Error('file: the Dockerfile has no FROM instruction');
  const stages: Stage[] = [];
  const byName = new Map<string, number>();
  const resolve = (reference: string): number | undefined => {
    if (/^\d+$/.test(reference) && Number(reference) < stages.length) return Number(reference);
    return byName.get(reference.toLowerCase());
  };

  const instructions = dockerfile.getInstructions();
  froms.forEach((from, index) => {
    const name = (from.getBuildStage() ?? '').toLowerCase();
    const base = expandArgs(from.getImage() ?? '', values);
    const needs = new Set<number>();
    const parent = resolve(base);
    if (parent !== undefined) needs.add(parent);
    const start = from.getRange().start.line;
    const end = froms[index + 1]?.getRange().start.line ?? Number.POSITIVE_INFINITY;
    for (const instruction of instructions) {
      const line = instruction.getRange().start.line;
      if (line <= start || line >= end) continue;
      const keyword = instruction.getKeyword().toUpperCase();
      const raw = instruction.getTextContent();
      const sources =
        keyword === 'COPY' || keyword === 'ADD'
          ? flagValues(raw, 'from')
          : keyword === 'RUN'
            ? mountSources(flagValues(raw, 'mount'))
            : [];
      for (const source of sources) {
        const stage = resolve(expandArgs(source, values));
        if (stage !== undefined) needs.add(stage);
      }
    }
    stages.push({
      index,
      name,
      key: name || `stage-${index}`,
      base,
      needs: [...needs].sort((a, b) => a - b),
    });
    if (name) byName.set(name, index);
  });

  const targetIndex = target ? resolve(target) : stages.length - 1;
  if (targetIndex === undefined) {
    throw new Error(
      `target: '${target}' is not a stage of the Dockerfile (stages: ${stages.map((stage) => stage.key).join(', ')})`,
    );
  }
  const needed = new Set<number>();
  const visit = (index: number): void => {
    if (needed.has(index)) return;
    needed.add(index);
    for (const need of stages[index]?.needs ?? []) visit(need);
  };
  visit(targetIndex);
  const argDefaults = new Map<string, string>();
  for (const arg of dockerfile.getARGs()) {
    const property = arg.getProperty();
    if (property && !argDefaults.has(property.getName()))
      argDefaults.set(property.getName(), property.getValue() ?? '');
  }
  return { stages, target: targetIndex, needed: [...needed].sort((a, b) => a - b), argDefaults };
}
