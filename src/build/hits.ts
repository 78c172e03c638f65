// Per-stage cache hits, read from what each builder prints: the legacy builder's `Step n/m` lines split
// at each FROM, BuildKit's (and buildx's) `[stage n/m]` vertices reported CACHED.
import type { Builder } from '../detect/builder.js';
import type { Stage } from './stages.js';

export interface StageHits {
  key: string;
  /** Steps served from cache. */
  hits: number;
  /** Steps the builder reported for the stage (FROM aside). */
  steps: number;
  /** Legacy builder: the (short) ID of the image the stage ended with; empty otherwise. */
  imageId: string;
}

const STEP = /^Step \d+\/\d+ : (\S+)/;

/** Legacy output: the steps of stage i run from its i-th FROM to the next; ARGs before the first FROM belong to none. */
export function legacyStageHits(output: string, stages: readonly Stage[]): StageHits[] {
  const rows: StageHits[] = [];
  let current: StageHits | undefined;
  let cachedNext = false;
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    const step = STEP.exec(line);
    if (step) {
      if (step[1]?.toUpperCase() === 'FROM') {
        current = { key: stages[rows.length]?.key ?? `stage-${rows.length}`, hits: 0, steps: 0, imageId: '' };
        rows.push(current);
      } else if (current) {
        current.steps++;
      }
      cachedNext = step[1]?.toUpperCase() !== 'FROM';
      continue;
    }
    if (!current) continue;
    if (line === '---> Using cache' && cachedNext) {
      current.hits++;
      cachedNext = false;
    }
    const id = /^---> ([0-9a-f]{12,64})$/.exec(line);
    if (id?.[1]) current.imageId = id[1];
  }
  return rows;
}

/**
 * BuildKit output: vertices `#N [key i/n] INSTR ...` (`[i/n]` alone for a one-stage file; a bake's
 * `[target key i/n]`), each CACHED or not. `fallbackKey` names the stage of unlabelled vertices.
 */
export function buildkitStageHits(output: string, fallbackKey: string): StageHits[] {
  const vertices = new Map<string, { key: string; cached: boolean }>();
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    const step = /^#(\d+) \[((?:\S+ )*)\d+\/\d+\] (\S+)/.exec(line);
    if (step?.[1] && step[3] && step[3].toUpperCase() !== 'FROM' && !vertices.has(step[1])) {
      const key = step[2]?.trim().split(' ').pop() || fallbackKey;
      vertices.set(step[1], { key, cached: false });
    }
    const cached = /^#(\d+) CACHED$/.exec(line);
    const vertex = cached?.[1] ? vertices.get(cached[1]) : undefined;
    if (vertex) vertex.cached = true;
  }
  const rows = new Map<string, StageHits>();
  for (const { key, cached } of vertices.values()) {
    const row = rows.get(key) ?? { key, hits: 0, steps: 0, imageId: '' };
    row.steps++;
    if (cached) row.hits++;
    rows.set(key, row);
  }
  return [...rows.values()];
}

/**
 * Cache references BuildKit tried and did not find: `importing cache manifest from R` then
 * `#4 ERROR: R: not found` (BuildKit of Docker 20.10), or `#4 ERROR: failed to configure registry cache
 * importer: R: not found` (buildx).
 */
export function missingCacheRefs(output: string): Set<string> {
  const missing = new Set<string>();
  for (const match of output.matchAll(
    /^#\d+ ERROR: (?:failed to configure registry cache importer: )?(\S+): not found$/gm,
  ))
    if (match[1]) missing.add(match[1]);
  return missing;
}

/** The per-stage rows for the stages berth reports, in Dockerfile order, zero rows for stages not printed. */
export function stageHits(
  builder: Builder,
  output: string,
  stages: readonly Stage[],
  reported: readonly number[],
): StageHits[] {
  const last = stages[reported[reported.length - 1] ?? 0];
  const rows =
    builder === 'legacy'
      ? legacyStageHits(output, stages)
      : buildkitStageHits(output, last?.key ?? 'stage-0');
  return reported.map((index) => {
    const key = stages[index]?.key ?? `stage-${index}`;
    return rows.find((row) => row.key === key) ?? { key, hits: 0, steps: 0, imageId: '' };
  });
}

/**
 * Why buildx's cache export failed, from its output: the `ERROR:` line of the `exporting cache (to
 * registry)` vertex (the export is given `ignore-error=true`, so the build goes on); undefined when none.
 */
export function cacheExportError(output: string): string | undefined {
  const vertex = /^#(\d+) exporting cache(?: to registry)?$/m.exec(output)?.[1];
  if (!vertex) return undefined;
  return new RegExp(`^#${vertex} ERROR: (.+)$`, 'm').exec(output)?.[1];
}
