export const id = 876;
export const ids = [876];
export const modules = {

/***/ 8768:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KW: () => (/* binding */ cancelled),
/* harmony export */   ZT: () => (/* binding */ cancel),
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   dJ: () => (/* binding */ cancelOnSignals),
/* harmony export */   dZ: () => (/* binding */ throwIfCancelled)
/* harmony export */ });
// Cancellation: a cancelled workflow or a CI job's timeout sends SIGTERM or SIGINT; a crash beside the
// main flow (an unhandled rejection) stops the run the same way. The commands that can be given up
// (builds, pushes, pulls) are killed; the test container is stopped by its phase, which copies the
// reports written so far; main then writes the summary and fails with the reason.
const controller = new AbortController();
/** Aborted once the run is cancelled; its reason is the error main fails with. */
const cancelled = controller.signal;
class CancelledError extends Error {
    constructor(message) {
        super(message);
        this.name = 'CancelledError';
    }
}
/** Cancels the run (the first reason wins). */
function cancel(reason) {
    if (!controller.signal.aborted)
        controller.abort(new CancelledError(reason));
}
/** Throws the cancellation's error when the run was cancelled: a phase does not start then. */
function throwIfCancelled() {
    if (controller.signal.aborted)
        throw controller.signal.reason;
}
/** SIGTERM and SIGINT cancel the run instead of ending the process at once. */
function cancelOnSignals() {
    for (const signal of ['SIGTERM', 'SIGINT'])
        process.on(signal, () => cancel(`cancelled (${signal}): berth stopped what it was doing`));
}


/***/ }),

/***/ 9743:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   od: () => (/* binding */ removeContainer),
/* harmony export */   xN: () => (/* binding */ containerName)
/* harmony export */ });
/* unused harmony export planRemove */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7657);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1195);
// Containers berth creates: names no other job on a shared daemon will use, and their removal, which
// some daemons refuse (btrfs file systems that cannot be removed): a refusal is reported, not thrown.



/** `berth-<role>-<10 hex>`. */
function containerName(role) {
    return `berth-${role}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(5).toString('hex')}`;
}
function planRemove(name) {
    return ['docker', 'rm', '--force', '--volumes', name];
}
/** Removes a container; false (and the daemon's words) when the daemon refused. */
async function removeContainer(name) {
    const result = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .run */ .eF)(planRemove(name), { allowFailure: true, timeoutMs: 120_000 });
    const removed = result.exitCode === 0 || /no such container/i.test(result.stderr);
    return { removed, why: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .lastLine */ .fM)(result.stderr) };
}


/***/ }),

/***/ 1195:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ic: () => (/* binding */ describeFailure),
/* harmony export */   eF: () => (/* binding */ run),
/* harmony export */   pV: () => (/* binding */ endStreams)
/* harmony export */ });
/* unused harmony export CommandError */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3838);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8768);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7657);
/* harmony import */ var _spawn_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4967);
// The one seam to the outside world: every docker, compose and git call goes through `run`.
// Built on child_process rather than @actions/exec because pings need a hard timeout that kills the
// child, and test output needs workflow commands switched off while it streams.





/** A command that failed, carrying the tail of its stderr so the message says why. */
class CommandError extends Error {
    argv;
    result;
    constructor(argv, result) {
        super(describeFailure(argv, result));
        this.argv = argv;
        this.result = result;
        this.name = 'CommandError';
    }
}
/** What a failure's output means, when docker's own words do not say what to do. */
const HINTS = [
    [
        /no space left on device/i,
        "the daemon's disk is full: free space (docker system prune, or berth's prune: true) or give it a bigger disk",
    ],
    [
        /Cannot connect to the Docker daemon|error during connect|error reading from server: EOF/i,
        'the daemon stopped answering (it was stopped, or it crashed)',
    ],
];
function describeFailure(argv, result) {
    const what = argv.slice(0, 2).join(' ');
    const why = result.timedOut ? 'timed out' : `exit ${result.exitCode}`;
    const output = result.stderr || result.stdout;
    const tail = (0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .lastLines */ .w$)(output, 3);
    const hint = HINTS.find(([pattern]) => pattern.test(output))?.[1];
    const said = tail ? `${what} failed (${why}): ${tail}` : `${what} failed (${why})`;
    return hint ? `${said} (${hint})` : said;
}
async function run(argv, options = {}) {
    const [command, ...args] = argv;
    if (!command)
        throw new Error('run: empty command');
    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz(`run: ${argv.join(' ')}`);
    if (options.cancellable)
        (0,_cancel_js__WEBPACK_IMPORTED_MODULE_2__/* .throwIfCancelled */ .dZ)();
    const result = await collect(command, args, options);
    if (options.cancellable)
        (0,_cancel_js__WEBPACK_IMPORTED_MODULE_2__/* .throwIfCancelled */ .dZ)();
    if (result.exitCode !== 0 && !options.allowFailure)
        throw new CommandError(argv, result);
    return result;
}
/**
 * While untrusted output streams, workflow commands are stopped for the whole log, so berth's own
 * commands (a warning from work running beside a build) would be shown as text. One guard covers all
 * streams at once: child output goes straight to the log, and everything else berth writes meanwhile
 * is held and written, in order, once commands are back on.
 */
const guard = {
    streams: 0,
    token: '',
    held: [],
    /** The last streamed byte was not a newline: the resume line must start a line of its own. */
    lineOpen: false,
    /** process.stdout.write as it was, put back as it was when the last stream ends. */
    original: process.stdout.write,
    write: (text) => process.stdout.write(text),
};
function openGuard() {
    if (guard.streams++ === 0) {
        const original = process.stdout.write;
        guard.original = original;
        guard.write = (text) => original.call(process.stdout, text);
        guard.token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16).toString('hex');
        guard.write(`::stop-commands::${guard.token}\n`);
        process.stdout.write = ((chunk) => {
            guard.held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
            return true;
        });
    }
    return (text) => {
        if (text.length > 0)
            guard.lineOpen = !String(text).endsWith('\n');
        guard.write(text);
    };
}
/** Ends a stop-commands block that is still open (a crash while output streamed): the log works again. */
function endStreams() {
    while (guard.streams > 0)
        closeGuard();
}
function closeGuard() {
    if (--guard.streams > 0)
        return;
    process.stdout.write = guard.original;
    guard.write(`${guard.lineOpen ? '\n' : ''}::${guard.token}::\n`);
    guard.lineOpen = false;
    for (const text of guard.held.splice(0))
        guard.write(text);
}
async function collect(command, args, options) {
    const guarded = Boolean(options.stream && options.untrustedOutput);
    const show = guarded ? openGuard() : (text) => process.stdout.write(text);
    try {
        return await (0,_spawn_js__WEBPACK_IMPORTED_MODULE_4__/* .spawnCollect */ .s)(command, args, {
            ...options,
            onOutput: options.stream ? show : undefined,
            signal: options.cancellable ? _cancel_js__WEBPACK_IMPORTED_MODULE_2__/* .cancelled */ .KW : undefined,
        });
    }
    finally {
        if (guarded)
            closeGuard();
    }
}


/***/ }),

/***/ 1746:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LH: () => (/* binding */ withRetries),
/* harmony export */   jo: () => (/* binding */ backoffMs),
/* harmony export */   v7: () => (/* binding */ pause)
/* harmony export */ });
/* unused harmony export isTransient */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3838);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7657);
// Retry policy for registry traffic: transient failures (network, 5xx, rate limits) are tried again
// with exponential backoff; refusals (auth, unknown name) fail at once.


const TRANSIENT = [
    /connection (refused|reset|closed)/i,
    /i\/o timeout|timed? ?out|deadline exceeded/i,
    /\b(EOF|broken pipe|no route to host|network is unreachable)\b/i,
    /TLS handshake/i,
    /\b(500|502|503|504)\b|internal server error|bad gateway|service unavailable|gateway timeout/i,
    /too ?many ?requests|\b429\b|rate limit/i,
    /temporary failure in name resolution/i,
];
const PERMANENT = [
    /denied|unauthori[sz]ed|forbidden|authentication required/i,
    /manifest unknown|not found/i,
];
/** True when a failure message looks like the registry or network hiccuped rather than refused. */
function isTransient(message) {
    if (PERMANENT.some((pattern) => pattern.test(message)))
        return false;
    return TRANSIENT.some((pattern) => pattern.test(message));
}
/** Delay before attempt `attempt + 1`, in ms: 1 s, 2 s, 4 s ... capped at 30 s. */
function backoffMs(attempt, baseMs = 1000) {
    return Math.min(baseMs * 2 ** attempt, 30_000);
}
/** Waits `ms` milliseconds. */
function pause(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
async function withRetries(attempt, policy) {
    const sleep = policy.sleep ?? pause;
    for (let tried = 0;; tried++) {
        try {
            return await attempt();
        }
        catch (error) {
            const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(error);
            if (tried >= policy.retries || !isTransient(message))
                throw error;
            const delay = backoffMs(tried, policy.baseMs);
            if (policy.until !== undefined && Date.now() + delay >= policy.until)
                throw error;
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`${policy.label}: ${message}; retry ${tried + 1}/${policy.retries} in ${delay / 1000} s`);
            await sleep(delay);
        }
    }
}


/***/ }),

/***/ 9385:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Au: () => (/* binding */ jobDockerConfig),
/* harmony export */   Bs: () => (/* binding */ maskCredentials),
/* harmony export */   iD: () => (/* binding */ login),
/* harmony export */   w1: () => (/* binding */ planLogout)
/* harmony export */ });
/* unused harmony export planLogin */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3838);
/* harmony import */ var _core_docker_cli_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4773);
/* harmony import */ var _core_exec_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1195);
/* harmony import */ var _core_retry_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1746);
// Login: the password goes to `docker login` on stdin, is masked where it is born, and lands in a
// docker config of the job's own (never the user's), which post removes.







/** Masks the password and the base64 `user:password` that docker writes to its config. */
function maskCredentials(credentials) {
    _actions_core__WEBPACK_IMPORTED_MODULE_3__/* .setSecret */ .Pq(credentials.password);
    _actions_core__WEBPACK_IMPORTED_MODULE_3__/* .setSecret */ .Pq(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'));
}
/**
 * The server argument of `docker login`/`logout`: none for Docker Hub, whose credentials docker keeps
 * under `https://index.docker.io/v1/` (a `docker logout docker.io` would leave them there).
 */
function server(registry) {
    return ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(registry) ? [] : [registry];
}
function planLogin(credentials) {
    const { username, registry } = credentials;
    return ['docker', 'login', '--username', username, '--password-stdin', ...server(registry)];
}
async function login(credentials, retries) {
    await (0,_core_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .withRetries */ .LH)(() => (0,_core_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .run */ .eF)(planLogin(credentials), { stdin: credentials.password, timeoutMs: 60_000 }), {
        retries,
        label: `login to ${credentials.registry}`,
    });
    _actions_core__WEBPACK_IMPORTED_MODULE_3__/* .info */ .pq(`Logged in to ${credentials.registry} as ${credentials.username}`);
}
function planLogout(registry) {
    return ['docker', 'logout', ...server(registry)];
}
/**
 * The docker config a job's logins go to: a folder of its own under the runner's temp dir, with the
 * settings of the config docker would use (its proxies; its contexts, CLI plugins and buildx builders, linked), but no
 * credential store or helper for the registries berth logs in to, so that `docker login` writes to
 * this file and never to the user's config or keychain. Returns the folder.
 */
function jobDockerConfig(env, registries) {
    const root = env.RUNNER_TEMP && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(env.RUNNER_TEMP) ? env.RUNNER_TEMP : (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)();
    const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(root, 'berth-docker-config-'));
    const user = (0,_core_docker_cli_js__WEBPACK_IMPORTED_MODULE_4__/* .dockerConfigDir */ .kG)(env);
    let config = {};
    try {
        config = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(user, 'config.json'), 'utf8'));
    }
    catch {
        // no config, or not one docker could read either: start empty
    }
    Reflect.deleteProperty(config, 'credsStore');
    for (const registry of registries)
        Reflect.deleteProperty(config.credHelpers ?? {}, registry);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'config.json'), JSON.stringify(config, null, 2), { mode: 0o600 });
    // buildx keeps its builders (and which one is current) in its folder
    for (const name of ['cli-plugins', 'contexts', 'buildx'])
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(user, name)))
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.symlinkSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(user, name), node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, name));
    return dir;
}


/***/ }),

/***/ 2216:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NX: () => (/* binding */ showArtifacts),
/* harmony export */   v: () => (/* binding */ copyArtifacts)
/* harmony export */ });
/* unused harmony exports planCopy, measure */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3838);
/* harmony import */ var _core_exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1195);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7657);
// Artifacts: `docker cp` out of the stopped test container, beside the push. Never a bind mount: the
// daemon may not see the job's folders (a remote daemon, a job container beside its own daemon).





function planCopy(container, source, dest) {
    return ['docker', 'cp', `${container}:${source.replace(/\/+$/, '')}/.`, dest];
}
/**
 * Counts the files and their bytes below a directory; what cannot be read (a folder the tests left
 * without permissions) is counted as such, never a failure of a step whose copy succeeded.
 */
function measure(dir) {
    let files = 0;
    let bytes = 0;
    let unreadable = 0;
    const walk = (current) => {
        let entries;
        try {
            entries = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(current, { withFileTypes: true });
        }
        catch {
            unreadable++;
            return;
        }
        for (const entry of entries) {
            const full = node_path__WEBPACK_IMPORTED_MODULE_1__.join(current, entry.name);
            if (entry.isDirectory())
                walk(full);
            else if (entry.isFile()) {
                files++;
                try {
                    bytes += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(full).size;
                }
                catch {
                    unreadable++;
                }
            }
        }
    };
    walk(dir);
    return { files, bytes, unreadable };
}
/**
 * Copies the artifacts out, writing nothing to the log (it runs beside the push; `showArtifacts` writes
 * what it found). A container without the folder is a warning, not a failure.
 */
async function copyArtifacts(container, source, dest) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dest, { recursive: true });
    const result = await (0,_core_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .run */ .eF)(planCopy(container, source, dest), { allowFailure: true });
    let missing = '';
    if (result.exitCode !== 0) {
        if (!/no such|could not find/i.test(result.stderr))
            throw new Error(`artifacts: docker cp failed: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .lastLine */ .fM)(result.stderr)}`);
        missing = `artifacts-path: ${source} does not exist in the test container; nothing was copied`;
    }
    return { dir: dest, ...measure(dest), missing };
}
function showArtifacts(artifacts) {
    if (artifacts.missing)
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(artifacts.missing);
    const unreadable = artifacts.unreadable > 0 ? `, ${artifacts.unreadable} not readable` : '';
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`artifacts: ${artifacts.files} files in ${artifacts.dir}${unreadable}`);
}


/***/ }),

/***/ 1337:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ql: () => (/* binding */ showServiceLogs),
  Fp: () => (/* binding */ startServices),
  RU: () => (/* binding */ stopServices)
});

// UNUSED EXPORTS: networksOf, parseStates, planDown, planUp, readiness

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: ./lib/src/core/container.js
var container = __webpack_require__(9743);
// EXTERNAL MODULE: ./lib/src/core/errors.js
var errors = __webpack_require__(7657);
// EXTERNAL MODULE: ./lib/src/core/exec.js
var exec = __webpack_require__(1195);
// EXTERNAL MODULE: ./lib/src/core/cancel.js
var cancel = __webpack_require__(8768);
// EXTERNAL MODULE: ./lib/src/core/retry.js
var retry = __webpack_require__(1746);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./lib/src/core/file-view.js
var file_view = __webpack_require__(5664);
;// CONCATENATED MODULE: ./lib/src/test-run/binds.js
// The folders a compose project binds: read from compose's own resolved configuration (`config`), so
// that merge keys, `extends`, `include`, variables and `~` mean what they mean to compose. Before the
// services start, each is checked from the daemon's side: berth in a container beside the daemon, or a
// remote daemon, does not share the job's folders, and a bind mount there would silently be an empty
// folder of the daemon's host.








/**
 * Reads `compose config` output (YAML from v1 and v2 alike): the bind mounts' sources, absolute there
 * (long syntax `type: bind` from v2, `/src:/dst:rw` from v1), relative ones resolved against `directory`.
 */
function readConfig(text, directory) {
    const doc = ((0,dist/* parse */.qg)(text) ?? {});
    const binds = [];
    const images = new Set();
    for (const [service, spec] of Object.entries(doc.services ?? {})) {
        if (spec?.image)
            images.add(spec.image);
        for (const volume of spec?.volumes ?? []) {
            const source = typeof volume === 'string'
                ? (volume.split(':')[0] ?? '')
                : volume.type === 'bind'
                    ? (volume.source ?? '')
                    : '';
            if (/^[./]/.test(source))
                binds.push({ service, source: external_node_path_.resolve(directory, source) });
        }
    }
    return { binds, images: [...images] };
}
/** The nearest folder at or above `file` that exists: what the daemon must see for compose to bind it. */
function nearestFolder(file) {
    let folder = file;
    while (!(0,external_node_fs_.existsSync)(folder) && external_node_path_.dirname(folder) !== folder)
        folder = external_node_path_.dirname(folder);
    return folder;
}
/** The workspace's bound sources (there yet or not: the daemon makes a missing one, as root). */
function workspaceBinds(config, workspace) {
    return [
        ...new Set(config.binds.map(({ source }) => source).filter((source) => (0,file_view/* isInside */.F)(source, workspace))),
    ];
}
/**
 * Refuses a bind mount the daemon cannot see. For each folder, a folder with a random name is made in
 * it and bound into a container of `image` that is created and never started: `--mount` refuses a
 * source the daemon lacks, and only this job's folder has that name.
 */
async function checkBinds(config, image) {
    const folders = new Map();
    for (const { service, source } of config.binds) {
        const folder = nearestFolder(source);
        if (!folders.has(folder))
            folders.set(folder, service);
    }
    for (const [folder, service] of folders) {
        const marker = external_node_path_.join(folder, `.berth-bind-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
        try {
            (0,external_node_fs_.mkdirSync)(marker);
        }
        catch {
            continue; // a folder berth cannot write in: compose will tell
        }
        const name = (0,container/* containerName */.xN)('bind-check');
        try {
            const created = await (0,exec/* run */.eF)([
                ...['docker', 'create', '--name', name, '--label', 'berth.role=probe'],
                ...['--mount', `type=bind,source=${marker},target=/berth-bind,readonly`],
                ...['--entrypoint', '/berth-none', image],
            ], { allowFailure: true, timeoutMs: 30_000 });
            if (created.exitCode !== 0)
                throw (0,errors/* withKind */.hT)('environment', new Error(`compose-file: service ${service} binds ${folder}, which the daemon cannot see (${(0,errors/* lastLine */.fM)(created.stderr)}); ` +
                    'the daemon runs elsewhere than this job: build the files into an image, or use a named volume'));
            await (0,exec/* run */.eF)(['docker', 'rm', name], { allowFailure: true, timeoutMs: 30_000 });
        }
        finally {
            (0,external_node_fs_.rmSync)(marker, { recursive: true, force: true });
        }
    }
}

;// CONCATENATED MODULE: ./lib/src/test-run/ownership.js
// Ownership: files in the job's folders belong to the user running the step. `docker cp` writes the
// reports as the user who runs it, so they are the runner's whatever user the tests ran as. What a
// service writes as root into a folder of the workspace it binds is not: post hands such files back
// (a runner that is not root cannot remove them, and the next checkout fails on them).






/** Who runs this step: the owner every file of the job should have. */
function runnerIds() {
    return process.getuid && process.getgid ? { uid: process.getuid(), gid: process.getgid() } : undefined;
}
/** The files and folders under `dir` (itself included) that another user owns. */
function foreignFiles(dir, uid) {
    const found = [];
    const walk = (file) => {
        let stat;
        try {
            stat = (0,external_node_fs_.lstatSync)(file);
        }
        catch {
            return;
        }
        if (stat.uid !== uid)
            found.push(file);
        if (!stat.isDirectory())
            return;
        let entries = [];
        try {
            entries = (0,external_node_fs_.readdirSync)(file);
        }
        catch {
            return;
        }
        for (const entry of entries)
            walk(external_node_path_.join(file, entry));
    };
    walk(dir);
    return found;
}
/** `chown -R` of a folder in a container of `image`, as root: only the daemon's root can hand files back. */
function planHandBack(name, folder, image, ids) {
    return [
        ...['docker', 'run', '--name', name, '--label', 'berth.role=hand-back', '--user', '0:0'],
        ...['--mount', `type=bind,source=${folder},target=/berth-hand-back`, '--entrypoint', 'chown', image],
        ...['-R', `${ids.uid}:${ids.gid}`, '/berth-hand-back'],
    ];
}
/**
 * Post: hands back what the services left owned by another user in the workspace's folders they bound;
 * what cannot be handed back is a warning that names the folder.
 */
async function handBack(folders, images) {
    const ids = runnerIds();
    if (!ids)
        return;
    for (const folder of folders) {
        const foreign = foreignFiles(folder, ids.uid);
        if (foreign.length === 0)
            continue;
        if (ids.uid === 0) {
            // root hands them back itself
            for (const file of foreign)
                (0,external_node_fs_.lchownSync)(file, 0, 0);
            core/* info */.pq(`cleanup: ${foreign.length} files a service wrote in ${folder} handed back to 0:0`);
            continue;
        }
        // the image under test first, then the services': the first with a chown does it
        let chown = { exitCode: 1, stderr: 'no image to run chown in' };
        for (const image of images) {
            const name = (0,container/* containerName */.xN)('hand-back');
            chown = await (0,exec/* run */.eF)(planHandBack(name, folder, image, ids), { allowFailure: true, timeoutMs: 120_000 });
            await (0,exec/* run */.eF)(['docker', 'rm', name], { allowFailure: true, timeoutMs: 30_000 });
            if (chown.exitCode === 0)
                break;
        }
        const left = foreignFiles(folder, ids.uid).length;
        if (chown.exitCode === 0 && left === 0)
            core/* info */.pq(`cleanup: ${foreign.length} files a service wrote in ${folder} handed back to ${ids.uid}:${ids.gid}`);
        else
            core/* warning */.$e(`cleanup: ${left} files in ${folder} belong to another user (a service wrote them): ${(0,errors/* lastLine */.fM)(chown.stderr) || 'chown did not change them'}`);
    }
}

;// CONCATENATED MODULE: ./lib/src/test-run/services.js
// Services: the databases and queues the tests talk to, started with compose from the user's files
// (`docker compose`, the v2 plugin, where it is there; else `docker-compose`, v1), waited for until
// their healthchecks pass, and taken down in post. The test container joins the project's network, so
// that service names resolve. Nothing here needs `--force-recreate`, `exec` or `rm`, which some
// daemons cannot do: the project has a name of its own, and its containers are read with `docker`
// itself (by the compose labels, which v1 and v2 both set), so one code path serves both.









function base(project) {
    return [
        ...project.tool,
        '--project-name',
        project.name,
        ...['--project-directory', project.directory],
        ...project.files.flatMap((file) => ['--file', file]),
    ];
}
function planUp(project, services) {
    return [...base(project), 'up', '--detach', ...services];
}
/**
 * The project's containers, networks and named volumes go; a removal that fails is a warning. The
 * services are thrown away with their volumes, so they get 3 s to stop, not the default 10.
 */
function planDown(project) {
    return [...base(project), 'down', '--volumes', '--remove-orphans', '--timeout', '3'];
}
// the inspect template reads JSON as maps: a container without a healthcheck has no Health key at all
const STATE_FORMAT = '{{.Id}}\t{{index .Config.Labels "com.docker.compose.service"}}\t{{.State.Status}}\t' +
    '{{with index .State "Health"}}{{.Status}}{{end}}\t{{.State.ExitCode}}\t{{json .NetworkSettings.Networks}}';
function parseStates(text) {
    return text
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => {
        const [id = '', service = '', status = '', health = '', code = '0', networks = '{}'] = line.split('\t');
        const names = Object.keys((JSON.parse(networks) ?? {})).sort();
        return { id, service, status, health, exitCode: Number(code), networks: names };
    });
}
/** Whether the services are ready: each running and healthy (or with no healthcheck), or done with 0. */
function readiness(states) {
    for (const state of states) {
        if (state.health === 'unhealthy')
            return { failed: `service ${state.service} is unhealthy`, waiting: [] };
        if ((state.status === 'exited' || state.status === 'dead') && state.exitCode !== 0)
            return { failed: `service ${state.service} exited with code ${state.exitCode}`, waiting: [] };
    }
    const waiting = states
        .filter((state) => state.status !== 'exited' && (state.status !== 'running' || state.health === 'starting'))
        .map((state) => `${state.service} (${state.health || state.status})`);
    return { waiting: states.length === 0 ? ['no container yet'] : waiting };
}
/** The networks the test container joins: the project's default one first, then every other one. */
function networksOf(states, project) {
    const all = [...new Set(states.flatMap((state) => state.networks))].sort();
    const preferred = `${project}_default`;
    return all.includes(preferred) ? [preferred, ...all.filter((name) => name !== preferred)] : all;
}
/** `docker compose` where the plugin answers, else `docker-compose`. */
async function composeTool() {
    for (const tool of [['docker', 'compose'], ['docker-compose']]) {
        const result = await (0,exec/* run */.eF)([...tool, 'version'], { allowFailure: true, timeoutMs: 30_000 }).catch(() => undefined);
        if (result?.exitCode === 0)
            return tool;
    }
    throw (0,errors/* withKind */.hT)('environment', new Error('compose-file: neither docker compose (the v2 plugin) nor docker-compose answers; set compose-version to install compose'));
}
async function readStates(project) {
    const listed = await (0,exec/* run */.eF)([
        'docker',
        'ps',
        '--all',
        '--quiet',
        '--no-trunc',
        '--filter',
        `label=com.docker.compose.project=${project}`,
    ]);
    const ids = listed.stdout.split('\n').filter(Boolean);
    if (ids.length === 0)
        return [];
    return parseStates((await (0,exec/* run */.eF)(['docker', 'container', 'inspect', '--format', STATE_FORMAT, ...ids])).stdout);
}
/** Waits until the services are ready; the error names the service that failed or is still not ready. */
async function waitReady(project, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        (0,cancel/* throwIfCancelled */.dZ)();
        const states = await readStates(project);
        const { failed, waiting } = readiness(states);
        if (failed)
            throw new ServicesError(failed, states);
        if (waiting.length === 0)
            return states;
        if (Date.now() >= deadline)
            throw new ServicesError(`compose-timeout: not ready after ${timeoutMs / 1000} s: ${waiting.join(', ')}`, states);
        await (0,retry/* pause */.v7)(500);
    }
}
/** A failure to start the services, with their containers, whose logs are shown. */
class ServicesError extends Error {
    states;
    constructor(message, states) {
        super(message);
        this.states = states;
    }
}
/** Each service's log in a log group of its own: what a failing run needs to see. */
async function showServiceLogs(states) {
    for (const state of states) {
        core/* startGroup */.Oh(`service ${state.service} log`);
        try {
            await (0,exec/* run */.eF)(['docker', 'logs', '--timestamps', state.id], {
                stream: true,
                untrustedOutput: true,
                allowFailure: true,
                timeoutMs: 30_000,
            });
        }
        finally {
            core/* endGroup */.N4();
        }
    }
}
/**
 * Starts the services of the compose files and waits for them; undefined when none are asked for.
 * `image` (the image under test, which is local) serves the check of the bind mounts.
 */
async function startServices(settings, image, report, log) {
    if (settings.files.length === 0)
        return undefined;
    let states = [];
    try {
        const started = await report.phase('services', async () => {
            const tool = await composeTool();
            const files = settings.files;
            const name = (0,container/* containerName */.xN)('services');
            const directory = external_node_path_.dirname(files[0] ?? settings.workspace);
            const plan = { tool, name, files, directory, binds: [], images: [] };
            const config = await readComposeConfig(plan);
            await checkBinds(config, image);
            const project = {
                ...plan,
                binds: workspaceBinds(config, settings.workspace),
                images: [image, ...config.images],
            };
            log.composeUp(project);
            const up = await (0,exec/* run */.eF)(planUp(project, settings.services), {
                allowFailure: true,
                stream: true,
                untrustedOutput: true,
                cancellable: true,
            });
            states = await readStates(project.name);
            if (up.exitCode !== 0) {
                const { kind, message } = upFailure(up.stderr);
                throw (0,errors/* withKind */.hT)(kind, new ServicesError(message, states));
            }
            states = await waitReady(project.name, settings.timeoutMs);
            return { project, networks: networksOf(states, project.name), states };
        });
        const names = [...new Set(started.states.map((state) => state.service))].sort().join(', ');
        report.note('services', `${names} on ${started.networks.join(', ') || 'no network'}`);
        return started;
    }
    catch (error) {
        await showServiceLogs(error instanceof ServicesError ? error.states : states);
        throw error;
    }
}
/** The configuration compose resolves from the files; one it cannot read is the input's fault. */
async function readComposeConfig(project) {
    const result = await (0,exec/* run */.eF)([...base(project), 'config'], { allowFailure: true, timeoutMs: 60_000 });
    if (result.exitCode !== 0)
        throw (0,errors/* withKind */.hT)('input', new Error(`compose-file: ${(0,errors/* lastLine */.fM)(result.stderr) || 'compose config failed'}`));
    return readConfig(result.stdout, project.directory);
}
/** Why `up` failed; a service that is not in the files is the input's fault. */
function upFailure(stderr) {
    const why = (0,errors/* lastLine */.fM)(stderr);
    if (/no such service/i.test(why))
        return { kind: 'input', message: `compose-services: ${why}` };
    return { kind: 'failed', message: `compose up failed: ${why}` };
}
/**
 * Post: takes the project down. When compose cannot (its files are gone or changed), the project's
 * containers, networks and volumes go by compose's label; what stays is a warning, never a failure.
 */
async function stopServices(project) {
    const down = await (0,exec/* run */.eF)(planDown(project), { allowFailure: true, timeoutMs: 120_000 }).catch((error) => ({ exitCode: 1, stderr: (0,errors/* errorText */.kc)(error) }));
    if (down.exitCode === 0)
        core/* info */.pq(`cleanup: took the services of ${project.name} down`);
    else {
        core/* warning */.$e(`cleanup: compose down of ${project.name} failed: ${(0,errors/* lastLine */.fM)(down.stderr)}; removing by label`);
        await removeByLabel(project.name);
    }
    await handBack(project.binds ?? [], project.images ?? []);
}
/** Removes what carries the project's label, with docker alone. */
async function removeByLabel(name) {
    const filter = ['--filter', `label=com.docker.compose.project=${name}`];
    const quick = { allowFailure: true, timeoutMs: 60_000 };
    for (const [list, remove] of [
        [
            ['docker', 'ps', '--all', '--quiet', ...filter],
            ['docker', 'rm', '--force', '--volumes'],
        ],
        [
            ['docker', 'network', 'ls', '--quiet', ...filter],
            ['docker', 'network', 'rm'],
        ],
        [
            ['docker', 'volume', 'ls', '--quiet', ...filter],
            ['docker', 'volume', 'rm'],
        ],
    ]) {
        const ids = (await (0,exec/* run */.eF)(list, quick)).stdout.split('\n').filter(Boolean);
        if (ids.length === 0)
            continue;
        const removed = await (0,exec/* run */.eF)([...remove, ...ids], quick);
        if (removed.exitCode !== 0)
            core/* warning */.$e(`cleanup: ${remove.slice(0, 3).join(' ')}: ${(0,errors/* lastLine */.fM)(removed.stderr)}`);
    }
}


/***/ })

};
