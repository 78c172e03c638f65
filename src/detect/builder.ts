// Which builder berth uses, and so which cache: the client's builder (buildx and its current builder's
// driver, BuildKit built into a client before 23.0, or the legacy builder) and the daemon's image
// store. BuildKit can export a cache to a registry (`--cache-to type=registry`) through any buildx
// driver but `docker`, and through the `docker` driver only on the containerd image store; elsewhere
// ("Cache export is not supported for the docker driver") berth keeps one image per stage with its
// cache inline. The parsers and the choice are pure; `readBuilder` asks the client.
import { buildxUntouched, earlyAnswer, BUILDX_INSPECT, QUESTION_TIMEOUT_MS } from './early.js';
import { run } from '../core/exec.js';

/**
 * How berth builds and caches: `buildx`, a buildx builder that exports a registry cache (mode=max);
 * `buildkit`, BuildKit with one inline-cache image per stage (buildx's `docker` driver on the classic
 * image store, or the BuildKit of a client before 23.0); `legacy`, the legacy builder, whose stage
 * images are pulled before the build.
 */
export type Builder = 'buildx' | 'buildkit' | 'legacy';

export type ImageStore = 'classic' | 'containerd';

/** The buildx builder the client uses: its name and driver (`docker`, `docker-container`, `remote` ...). */
export interface BuildxBuilder {
  name: string;
  driver: string;
}

export interface BuilderFacts {
  kind: Builder;
  /** The current buildx builder; null when the client has no buildx (or DOCKER_BUILDKIT=0 settles it). */
  buildx: BuildxBuilder | null;
  /** Where the daemon keeps images; null when it was not asked (no buildx `docker` driver to decide for). */
  imageStore: ImageStore | null;
  /** Whether BuildKit can export a cache to a registry here. */
  cacheExport: boolean;
}

/** `docker buildx inspect`: `Name:` and `Driver:` of the current builder; undefined when it is not there. */
export function parseBuildxInspect(text: string): BuildxBuilder | undefined {
  const field = (name: string): string =>
    new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(text)?.[1]?.trim() ?? '';
  const driver = field('Driver');
  return driver ? { name: field('Name') || 'default', driver } : undefined;
}

/** The image store `docker info`'s DriverStatus pairs name: the containerd store names its snapshotter. */
export function imageStoreOf(pairs: readonly [string, string][] | null | undefined): ImageStore {
  const type = (pairs ?? []).find(([key]) => key === 'driver-type')?.[1] ?? '';
  return type.startsWith('io.containerd.snapshotter') ? 'containerd' : 'classic';
}

/**
 * Picks the builder. DOCKER_BUILDKIT=0 asks for the legacy builder. With buildx, a registry cache where
 * the driver (or the containerd store) can export one, else inline caches; without buildx, BuildKit
 * when the client has it built in (before 23.0), else the legacy builder.
 */
export function chooseBuilder(
  clientVersion: string,
  buildx: BuildxBuilder | undefined,
  imageStore: ImageStore | null,
  buildkitEnv: string | undefined,
): BuilderFacts {
  const none = { buildx: null, imageStore, cacheExport: false };
  if (buildkitEnv === '0' || buildkitEnv === 'false') return { kind: 'legacy', ...none };
  if (buildx) {
    const cacheExport = buildx.driver !== 'docker' || imageStore === 'containerd';
    return { kind: cacheExport ? 'buildx' : 'buildkit', buildx, imageStore, cacheExport };
  }
  const major = Number(clientVersion.split('.')[0]);
  const builtIn = Number.isFinite(major) && major > 0 && major < 23;
  return { kind: builtIn ? 'buildkit' : 'legacy', ...none };
}

/** One question, answered early if it was asked while the step loaded. */
async function ask(argv: readonly string[], env: Record<string, string>): Promise<string | undefined> {
  const result = await (earlyAnswer(argv, env) ??
    run(argv, { env, allowFailure: true, timeoutMs: QUESTION_TIMEOUT_MS }));
  return result.exitCode === 0 ? result.stdout : undefined;
}

/**
 * The client's buildx builder: its default one where buildx can use no other (early.ts) and docker
 * info lists buildx among the client's plugins, else the one `docker buildx inspect` names. When that
 * builder's driver is `docker`, the daemon's image store comes from `daemon` (the one `docker info` of
 * the run, which the daemon checks read too; null when it could not be asked); `env` points at the
 * daemon found. Never throws: what cannot be asked is absent.
 */
export async function readBuilder(
  clientVersion: string,
  env: Record<string, string>,
  daemon: DaemonAnswers,
): Promise<BuilderFacts> {
  const buildkitEnv = process.env.DOCKER_BUILDKIT;
  if (buildkitEnv === '0' || buildkitEnv === 'false')
    return chooseBuilder(clientVersion, undefined, null, buildkitEnv);
  // both questions at once: the image store is wanted by the checks whatever the driver
  const store = daemon.imageStore();
  const buildx = buildxUntouched(process.env) ? await defaultBuildx(daemon, env) : await inspectBuildx(env);
  const storeOfDriver = buildx?.driver === 'docker' ? await store : null;
  return chooseBuilder(clientVersion, buildx, storeOfDriver, buildkitEnv);
}

/** What the run's one `docker info` says that the builder choice needs. */
export interface DaemonAnswers {
  imageStore: () => Promise<ImageStore | null>;
  /** The client's plugins that load; undefined when `docker info` could not be asked. */
  plugins: () => Promise<string[] | undefined>;
}

/** The current builder, as `docker buildx inspect` names it; undefined without buildx. */
async function inspectBuildx(env: Record<string, string>): Promise<BuildxBuilder | undefined> {
  const inspect = await ask(BUILDX_INSPECT, env);
  return inspect === undefined ? undefined : parseBuildxInspect(inspect);
}

/** buildx's default builder when the client lists buildx among its plugins (else inspect asks). */
async function defaultBuildx(
  daemon: DaemonAnswers,
  env: Record<string, string>,
): Promise<BuildxBuilder | undefined> {
  const plugins = await daemon.plugins();
  if (!plugins) return inspectBuildx(env);
  return plugins.includes('buildx') ? { name: 'default', driver: 'docker' } : undefined;
}
