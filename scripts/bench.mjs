// npm run bench: berth's cache against the recipe people copy, on the testbed's engine and registry.
// Every measured run starts on a new runner: every local image but the busybox base and the whole
// build cache are removed; the cache lives in the local registry. Prints a markdown table of medians.
// Not part of the tests: it reports, it does not pass or fail.
//
// Usage: npm run bench [-- --runs N --work N --builders legacy,buildkit --compare DIR]
//   --runs      runs per measurement, median reported (default 3, at least 3)
//   --work      rounds of 64 MiB hashing per building stage (default 3: about 7 s of RUN work in all on 2 cores)
//   --builders  which builders to measure (default legacy,buildkit: Debian 12's 20.10 engine and client)
//   --compare   another build's dist/ folder: its cold and warm jobs are measured in the same rounds
//               (rows "other cold", "other warm"), to compare two versions of berth fairly
// The testbed is started if it is not up (scripts/testbed.sh, its BERTH_TESTBED_* settings), and
// stopped again at the end in that case.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { Job, repoRoot } from '../lib/__tests__/helpers/action-runner.js';
import { OLD_BUILDKIT, OLD_LEGACY } from '../lib/__tests__/helpers/engines.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    work: { type: 'string', default: '3' },
    builders: { type: 'string', default: 'legacy,buildkit' },
    compare: { type: 'string', default: '' },
  },
});
const COMPARE = values.compare ? path.resolve(values.compare, 'index.js') : '';
const RUNS = Math.max(3, Number(values.runs));
const WORK = String(Number(values.work));
const app = path.join(repoRoot, '__tests__', 'fixtures', 'multi-stage-app');
const testbed = path.join(repoRoot, 'scripts', 'testbed.sh');

function sh(args, env = process.env) {
  try {
    return execFileSync(args[0], args.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(
      `${args.slice(0, 3).join(' ')} failed: ${String(error.stderr).trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
}

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

/** The builders: Debian's 20.10 engine and client, with the legacy builder and with BuildKit. */
function builderEnv(name) {
  return { ...process.env, ...(name === 'legacy' ? OLD_LEGACY : OLD_BUILDKIT).env() };
}

/** A new runner on the engine of `env`: no image but the base, no build cache. */
function freshRunner(env) {
  const base = sh(['docker', 'image', 'inspect', '--format', '{{.Id}}', 'busybox:latest'], env).trim();
  for (let round = 0; round < 5; round++) {
    const images = new Set(sh(['docker', 'image', 'ls', '--all', '--quiet', '--no-trunc'], env).split('\n'));
    images.delete(base);
    images.delete('');
    if (images.size === 0) break;
    // removing an image also removes its untagged parents, so some of the list may be gone already
    spawnSync('docker', ['image', 'rm', '--force', ...images], { stdio: 'ignore', env });
  }
  sh(['docker', 'builder', 'prune', '--all', '--force'], env);
}

async function timed(body) {
  const started = process.hrtime.bigint();
  await body();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function berth(image, env, bundle = '') {
  const job = new Job({
    ...(bundle ? { command: [process.execPath, bundle] } : {}),
    inputs: {
      image,
      context: app,
      'build-args': `WORK=${WORK}`,
      'cache-key': 'none',
      'test-command': '/test/run.sh',
    },
    env: {
      ...env,
      GITHUB_SHA: randomBytes(20).toString('hex'),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_ACTIONS: 'true',
    },
    event: { repository: { default_branch: 'main' } },
  });
  const started = process.hrtime.bigint();
  const main = await job.main();
  if (main.exitCode !== 0) throw new Error(`berth failed:\n${main.log}`);
  const mainSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await job.post();
  const phases = [...main.summary.matchAll(/<tr><td>([^<]*)<\/td><td>([\d.]+) s<\/td>/g)]
    .map((match) => `${match[1]} ${match[2]}`)
    .join(', ');
  console.error(
    `  berth: main ${mainSeconds.toFixed(2)} s (${phases}), cache hits ${main.outputs['cache-hits']}`,
  );
  return main.outputs['cache-hits'];
}

/**
 * The recipe, doing the same work as berth: `docker pull $IMAGE:latest || true; docker build
 * --cache-from $IMAGE:latest; run the tests; docker cp the reports out; docker push`.
 */
function recipe(image, env) {
  const latest = `${image}:latest`;
  try {
    sh(['docker', 'pull', '--quiet', latest], env);
  } catch {
    // the first run: nothing to pull
  }
  sh(
    [
      'docker',
      'build',
      '--quiet',
      '--build-arg',
      `WORK=${WORK}`,
      '--cache-from',
      latest,
      '--tag',
      latest,
      app,
    ],
    env,
  );
  const name = `bench-test-${randomBytes(4).toString('hex')}`;
  sh(['docker', 'run', '--name', name, latest, '/test/run.sh'], env);
  const reports = mkdtempSync(path.join(tmpdir(), 'bench-reports-'));
  sh(['docker', 'cp', `${name}:/artifacts/.`, reports], env);
  rmSync(reports, { recursive: true });
  sh(['docker', 'rm', name], env);
  sh(['docker', 'push', '--quiet', latest], env);
}

/**
 * The bound: the docker commands a warm berth job cannot do without, one after the other from this
 * script with no logic between them: a node start for the main step, the ping, (legacy) the stage cache
 * images pulled at once, the build with every stage's cache image, the tests, the copy of the reports,
 * the container's removal, and a node start for the post step. berth cannot beat it; the distance
 * between the two is what berth's own work costs.
 */
async function bound(image, env, builder) {
  sh([process.execPath, '-e', '0'], env);
  sh(['docker', 'version', '--format', '{{json .}}'], env);
  const caches = ['deps', 'build', 'stage-2'].map((stage) => `${image}:cache-main-${stage}`);
  if (builder === 'legacy') {
    const pull = promisify(execFile);
    await Promise.all(caches.map((ref) => pull('docker', ['pull', '--quiet', ref], { env })));
  }
  const inline = builder === 'legacy' ? [] : ['--build-arg', 'BUILDKIT_INLINE_CACHE=1'];
  const cacheFrom = caches.flatMap((ref) => ['--cache-from', ref]);
  const built = `${image}:bound`;
  sh(
    [
      'docker',
      'build',
      '--quiet',
      '--build-arg',
      `WORK=${WORK}`,
      ...inline,
      ...cacheFrom,
      '--tag',
      built,
      app,
    ],
    env,
  );
  const name = `bench-bound-${randomBytes(4).toString('hex')}`;
  sh(['docker', 'run', '--name', name, built, '/test/run.sh'], env);
  const reports = mkdtempSync(path.join(tmpdir(), 'bench-reports-'));
  sh(['docker', 'cp', `${name}:/artifacts/.`, reports], env);
  rmSync(reports, { recursive: true });
  sh(['docker', 'rm', name], env);
  sh([process.execPath, '-e', '0'], env);
}

/**
 * The same job with no build at all, as if a warm job could know it would rebuild nothing: a node
 * start, the ping, `docker pull` of the final image, the tests, the copy of the reports, the removal and
 * a node start. Shows what the floor targets leave for the build itself.
 */
function noBuild(image, env) {
  sh([process.execPath, '-e', '0'], env);
  sh(['docker', 'version', '--format', '{{json .}}'], env);
  sh(['docker', 'pull', '--quiet', `${image}:latest`], env);
  const name = `bench-nobuild-${randomBytes(4).toString('hex')}`;
  sh(['docker', 'run', '--name', name, `${image}:latest`, '/test/run.sh'], env);
  const reports = mkdtempSync(path.join(tmpdir(), 'bench-reports-'));
  sh(['docker', 'cp', `${name}:/artifacts/.`, reports], env);
  rmSync(reports, { recursive: true });
  sh(['docker', 'rm', name], env);
  sh([process.execPath, '-e', '0'], env);
}

function floor(image, env) {
  sh(['docker', 'pull', '--quiet', `${image}:latest`], env);
  sh(['docker', 'run', '--rm', `${image}:latest`, '/test/run.sh'], env);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const repository = (label) =>
  `${process.env.BERTH_TESTBED_REGISTRY}/bench/${label}-${randomBytes(4).toString('hex')}`;

/**
 * Every scenario once per round, round after round, so that a machine whose load changes (other jobs
 * on the same cores) weighs on all of them alike.
 */
async function measure(builder) {
  const env = builderEnv(builder);
  const seeded = repository(`${builder}-berth`);
  await berth(seeded, env);
  const recipeSeeded = repository(`${builder}-recipe`);
  recipe(recipeSeeded, env);
  let hits = '';
  const scenarios = {
    berthCold: [() => repository(`${builder}-cold`), (image) => berth(image, env)],
    recipeCold: [() => repository(`${builder}-rcold`), (image) => recipe(image, env)],
    berthWarm: [() => seeded, async (image) => (hits = await berth(image, env))],
    ...(COMPARE
      ? {
          otherCold: [() => repository(`${builder}-ocold`), (image) => berth(image, env, COMPARE)],
          otherWarm: [() => seeded, (image) => berth(image, env, COMPARE)],
        }
      : {}),
    recipeWarm: [() => recipeSeeded, (image) => recipe(image, env)],
    floor: [() => seeded, (image) => floor(image, env)],
    bound: [() => seeded, (image) => bound(image, env, builder)],
    noBuild: [() => seeded, (image) => noBuild(image, env)],
  };
  const times = Object.fromEntries(Object.keys(scenarios).map((name) => [name, []]));
  for (let round = 0; round < RUNS; round++) {
    for (const [name, [prepare, body]] of Object.entries(scenarios)) {
      const image = prepare();
      freshRunner(env);
      times[name].push(await timed(() => body(image)));
    }
  }
  for (const [name, list] of Object.entries(times)) {
    console.error(`${builder} ${name}: ${list.map((t) => t.toFixed(2)).join(' ')} s`);
  }
  return {
    builder,
    hits,
    times,
    ...Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)])),
  };
}

const s = (x) => `${x.toFixed(2)} s`;
/**
 * The median over the rounds of a / b. Each round measures both close in time, so a slow spell of the
 * machine (other work on the same cores) weighs on both sides of a ratio alike.
 */
const roundRatio = (r, a, b) => median(r.times[a].map((time, round) => time / r.times[b][round]));
const verdict = (value, target) =>
  `${value.toFixed(2)}x (target <= ${target}x) ${value <= target ? 'met' : 'MISSED'}`;

const wasUp = startTestbed();
try {
  const rows = [];
  for (const builder of values.builders.split(',')) rows.push(await measure(builder));
  if (COMPARE) {
    console.log(
      `\nThis build against ${values.compare}, measured in the same rounds (median of each round's ratio):\n`,
    );
    console.log(
      '| builder | this cold | other cold | this warm | other warm | cold this / other | warm this / other |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      console.log(
        `| ${r.builder} | ${s(r.berthCold)} | ${s(r.otherCold)} | ${s(r.berthWarm)} | ${s(r.otherWarm)} | ${roundRatio(r, 'berthCold', 'otherCold').toFixed(2)}x | ${roundRatio(r, 'berthWarm', 'otherWarm').toFixed(2)}x |`,
      );
    }
  }
  console.log(`\nMedian of ${RUNS} runs, each on a new runner; WORK=${WORK}.\n`);
  console.log(
    '| builder | berth cold | berth warm | bound | no build | floor | recipe cold | recipe warm | warm cache hits |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.builder} | ${s(r.berthCold)} | ${s(r.berthWarm)} | ${s(r.bound)} | ${s(r.noBuild)} | ${s(r.floor)} | ${s(r.recipeCold)} | ${s(r.recipeWarm)} | ${r.hits} |`,
    );
  }
  console.log("\nRatios: the median over the rounds of each round's ratio.\n");
  console.log(
    '| builder | berth warm / floor | bound / floor | no build / floor | berth warm / recipe warm | berth cold / recipe cold |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const floorTarget = r.builder === 'legacy' ? 2 : 1.5;
    console.log(
      `| ${r.builder} | ${verdict(roundRatio(r, 'berthWarm', 'floor'), floorTarget)} | ${roundRatio(r, 'bound', 'floor').toFixed(2)}x | ${roundRatio(r, 'noBuild', 'floor').toFixed(2)}x | ${verdict(roundRatio(r, 'berthWarm', 'recipeWarm'), 0.3)} | ${verdict(roundRatio(r, 'berthCold', 'recipeCold'), 1.15)} |`,
    );
  }
} finally {
  if (!wasUp) sh(['bash', testbed, 'down']);
}
