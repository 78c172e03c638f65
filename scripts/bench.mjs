// npm run bench: berth against the recipes people copy, in the scenarios CI runs all day, on every
// builder of the testbed (engine 28 on the classic and the containerd image store, 20.10 with the legacy
// builder and with BuildKit). Every measured run starts on a new runner (every local image but the
// busybox base and the whole build cache removed); the cache lives in the local registry. Prints a
// markdown table per builder, with every target of the bench marked met or missed. Not part of the
// tests: it reports, it does not pass or fail (the scenarios' correctness checks are
// __tests__/e2e/ci-scenarios.test.ts).
//
// Usage: npm run bench [-- --runs N --work N --builders classic,containerd,legacy,buildkit --scenarios LIST --fat N]
//   --runs       rounds; each runs every job once, in a shuffled order; medians reported (default 3)
//   --work       rounds of 64 MiB hashing per building stage (default 1, about 1.2 s on 2 cores)
//   --builders   which rows (default all four)
//   --scenarios  which of cold,rerun,code,deps,fat,ten,actions (default all)
//   --fat        MiB of the fat app's dependency layer (default 150)
// The testbed is started if it is not up (scripts/testbed.sh, its BERTH_TESTBED_* settings), and
// stopped again at the end in that case.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../lib/__tests__/helpers/action-runner.js';
import { MODERN, MODERN_CONTAINERD, OLD_BUILDKIT, OLD_LEGACY } from '../lib/__tests__/helpers/engines.js';
import { writeApp } from '../lib/__tests__/helpers/scenario-apps.js';
import { actionsRestore } from './bench-actions.mjs';
import { berth, bound, buildx, floor, freshRunner, gitlab, sh } from './bench-jobs.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    work: { type: 'string', default: '1' },
    builders: { type: 'string', default: 'classic,containerd,legacy,buildkit' },
    scenarios: { type: 'string', default: 'cold,rerun,code,deps,fat,ten,actions' },
    fat: { type: 'string', default: '150' },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const WORK = String(Number(values.work));
const FAT = Number(values.fat);
const SCENARIOS = values.scenarios.split(',');
const testbed = path.join(repoRoot, 'scripts', 'testbed.sh');

/** The rows: an engine, the builder berth picks there, and whether buildx can export a registry cache. */
const BUILDERS = {
  classic: { engine: MODERN, label: 'engine 28, classic store (buildx docker driver)', builder: 'buildkit' },
  containerd: {
    engine: MODERN_CONTAINERD,
    label: 'engine 28, containerd store',
    builder: 'buildx',
    cacheExport: true,
  },
  legacy: { engine: OLD_LEGACY, label: 'engine 20.10, legacy builder', builder: 'legacy' },
  buildkit: { engine: OLD_BUILDKIT, label: 'engine 20.10, BuildKit', builder: 'buildkit' },
};

/** What each scenario's app is, and how a round changes it (a new commit, as CI sees it). */
const SHAPES = {
  cold: { shape: { stages: 3 }, change: () => ({}) },
  rerun: { shape: { stages: 3 }, change: () => ({}) },
  code: { shape: { stages: 3 }, change: (round) => ({ code: `r${round}` }) },
  deps: { shape: { stages: 3 }, change: (round) => ({ deps: `r${round}` }) },
  fat: { shape: { stages: 3, fatMiB: FAT }, change: (round) => ({ code: `r${round}` }) },
  ten: { shape: { stages: 10 }, change: (round) => ({ code: `r${round}` }) },
};

function startTestbed() {
  let wasUp = true;
  try {
    sh(['bash', testbed, 'status']);
  } catch {
    wasUp = false;
  }
  sh(['bash', testbed, 'up']);
  // the env file's variables as a shell that sources it sees them (PATH extends the one it had)
  const dir = process.env.BERTH_TESTBED_DIR || '/tmp/berth-testbed';
  const vars = sh(['bash', '-c', 'source "$1" && env -0', 'bash', path.join(dir, 'env')]).split('\0');
  for (const entry of vars) {
    const at = entry.indexOf('=');
    if (at > 0) process.env[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return wasUp;
}

async function timed(body) {
  const started = process.hrtime.bigint();
  const result = await body();
  return [Number(process.hrtime.bigint() - started) / 1e9, result];
}

const repository = (label) =>
  `${process.env.BERTH_TESTBED_REGISTRY}/bench/${label}-${randomBytes(4).toString('hex')}`;
const sha = () => randomBytes(20).toString('hex');

function shuffle(list) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** Every job of one builder, round after round, in a new order each round. */
async function measure(name) {
  const { engine, builder, cacheExport } = BUILDERS[name];
  const env = { ...process.env, ...engine.env() };
  const peers = { gitlab: (image, app, commit) => gitlab(image, app, env, WORK, commit, builder) };
  if (cacheExport) peers.buildx = (image, app, commit) => buildx(image, app, env, WORK, commit);
  const contenders = { berth: (image, app, commit) => berth(image, app, env, WORK, commit), ...peers };
  const jobs = [];
  for (const scenario of SCENARIOS.filter((s) => SHAPES[s])) {
    const dir = mkdtempSync(path.join(tmpdir(), `bench-${scenario}-`));
    writeApp(dir, SHAPES[scenario].shape);
    for (const [who, body] of Object.entries(contenders)) {
      // every scenario but cold starts from a repository a first run filled
      const seeded = scenario === 'cold' ? undefined : repository(`${name}-${scenario}-${who}`);
      if (seeded) {
        freshRunner(env);
        await body(seeded, dir, sha());
      }
      const commit = sha();
      jobs.push({
        scenario,
        who,
        dir,
        run: () => body(seeded ?? repository(`${name}-cold-${who}`), dir, commit),
      });
      if (scenario === 'rerun' && who === 'berth') {
        jobs.push({ scenario, who: 'floor', dir, run: () => floor(seeded, env) });
        jobs.push({ scenario, who: 'bound', dir, run: () => bound(seeded, env, commit) });
      }
    }
  }
  const actions =
    SCENARIOS.includes('actions') && !cacheExport ? await actionsRestore(env, FAT, WORK) : undefined;
  const times = {};
  const notes = {};
  for (let round = 0; round < RUNS; round++) {
    for (const scenario of new Set(jobs.map((job) => job.scenario)))
      writeApp(jobs.find((job) => job.scenario === scenario).dir, {
        ...SHAPES[scenario].shape,
        ...SHAPES[scenario].change(round),
      });
    for (const job of shuffle([...jobs, ...(actions?.jobs ?? [])])) {
      freshRunner(env);
      const [seconds, note] = await timed(job.run);
      const key = `${job.scenario}/${job.who}`;
      (times[key] ??= []).push(seconds);
      if (note) notes[key] = note;
    }
  }
  await actions?.stop();
  for (const [key, list] of Object.entries(times))
    console.error(
      `${name} ${key}: ${list.map((t) => t.toFixed(2)).join(' ')} s${notes[key] ? ` (${notes[key]})` : ''}`,
    );
  return { name, times, notes, peers: Object.keys(peers) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (x) => (x === undefined ? '-' : `${x.toFixed(2)} s`);
/** The median over the rounds of a / b: a slow spell of the machine weighs on both sides alike. */
const ratio = (r, a, b) =>
  r.times[a] && r.times[b] ? median(r.times[a].map((time, round) => time / r.times[b][round])) : undefined;
const diff = (r, a, b) =>
  r.times[a] && r.times[b] ? median(r.times[a].map((time, round) => time - r.times[b][round])) : undefined;
const verdict = (value, target, unit = 'x') =>
  value === undefined
    ? '-'
    : `${value.toFixed(2)}${unit} (<= ${target}${unit}) ${value <= target ? 'met' : 'MISSED'}`;

/** The fair peer of a scenario: the faster of the peers there (medians). */
function fairPeer(r, scenario) {
  const medians = r.peers.map((peer) => [peer, median(r.times[`${scenario}/${peer}`] ?? [Infinity])]);
  return medians.sort((a, b) => a[1] - b[1])[0]?.[0];
}

const TARGETS = { cold: 1.1, rerun: 1, code: 0.5, deps: 1.05, fat: 1, ten: 1 };

function printBuilder(r) {
  console.log(`\n### ${BUILDERS[r.name].label}\n`);
  console.log(`| scenario | berth | ${r.peers.join(' | ')} | berth / fair peer | target | cache hits |`);
  console.log(`| --- | --- | ${r.peers.map(() => '---').join(' | ')} | --- | --- | --- |`);
  for (const scenario of Object.keys(SHAPES).filter((key) => r.times[`${key}/berth`])) {
    const peer = fairPeer(r, scenario);
    const value = ratio(r, `${scenario}/berth`, `${scenario}/${peer}`);
    const cells = r.peers.map((p) => s(median(r.times[`${scenario}/${p}`] ?? [])));
    console.log(
      `| ${scenario} | ${s(median(r.times[`${scenario}/berth`]))} | ${cells.join(' | ')} | ${value?.toFixed(2)}x (${peer}) | ${verdict(value, TARGETS[scenario])} | ${r.notes[`${scenario}/berth`] ?? ''} |`,
    );
  }
  const lines = [];
  if (r.times['rerun/floor']) {
    lines.push(
      `re-run / floor: ${verdict(ratio(r, 'rerun/berth', 'rerun/floor'), 1.3)} (floor ${s(median(r.times['rerun/floor']))})`,
    );
    lines.push(
      `berth over the bound (re-run): ${verdict(diff(r, 'rerun/berth', 'rerun/bound'), 0.3, ' s')} (bound ${s(median(r.times['rerun/bound']))})`,
    );
  }
  if (r.times['ten/berth'] && r.times['code/berth'])
    lines.push(
      `ten stages over three (code change): ${verdict(diff(r, 'ten/berth', 'code/berth'), 0.5, ' s')}`,
    );
  if (r.times['actions/restore'])
    lines.push(
      `actions cache restore / registry pull (${FAT} MiB app): ${verdict(ratio(r, 'actions/restore', 'actions/pull'), 1.5)} (restore ${s(median(r.times['actions/restore']))}, pull ${s(median(r.times['actions/pull']))})`,
    );
  if (lines.length) console.log(`\n${lines.map((line) => `- ${line}`).join('\n')}`);
}

const wasUp = startTestbed();
try {
  const load = () => sh(['cat', '/proc/loadavg']).split(' ').slice(0, 3).join(' ');
  const before = load();
  const rows = [];
  for (const name of values.builders.split(',')) rows.push(await measure(name));
  console.log(`\nMedians of ${RUNS} rounds, each job on a new runner; WORK=${WORK}; fat app ${FAT} MiB.`);
  console.log(`Load average (1, 5, 15 min) before: ${before}; after: ${load()}.`);
  rows.forEach(printBuilder);
} finally {
  if (!wasUp) sh(['bash', testbed, 'down']);
}
