export const id = 479;
export const ids = [479];
export const modules = {

/***/ 9444:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Et: () => (/* binding */ uploadEntry),
/* harmony export */   a6: () => (/* binding */ streamService),
/* harmony export */   dv: () => (/* binding */ createEntry),
/* harmony export */   g4: () => (/* binding */ loadActionsCache),
/* harmony export */   ne: () => (/* binding */ streamVersion),
/* harmony export */   qI: () => (/* binding */ cacheService),
/* harmony export */   vW: () => (/* binding */ openEntry),
/* harmony export */   xw: () => (/* binding */ finalizeEntry)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4942);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7657);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1746);
// The Actions cache service, for the stage cache images (build/cache-actions.ts) and the installs
// (install/pipeline.ts). Files and folders go through @actions/cache, loaded only when used: it takes
// half a second to load, which every other run would pay.
//
// Streams go through the service's v2 protocol directly: @actions/cache only saves files it archives
// and restores them to files, so an image would be written and read three times on each side (the
// saved tar, the archive, the extracted tar) where a pull writes it once; measured on engine 28 with a
// 150 MiB layer, 2.9 s against 1.4 s for the pull. The protocol is three Twirp calls (create, finalize,
// look up) and the blob behind the URLs they sign: uploaded in blocks by the Azure SDK, as the toolkit
// does, and downloaded with one GET.





const loadActionsCache = () => Promise.all(/* import() */[__webpack_require__.e(143), __webpack_require__.e(766), __webpack_require__.e(581), __webpack_require__.e(637)]).then(__webpack_require__.bind(__webpack_require__, 6637));
/** @actions/cache where an Actions cache service is there, else undefined (without loading it). */
async function cacheService(env = process.env) {
    if (!env.ACTIONS_CACHE_URL && !env.ACTIONS_RESULTS_URL)
        return undefined;
    const cache = await loadActionsCache();
    return cache.isFeatureAvailable() ? cache : undefined;
}
/** The v2 service the runner announces (the variables @actions/cache reads), else undefined. */
function streamService(env = process.env) {
    const { ACTIONS_RESULTS_URL: url, ACTIONS_RUNTIME_TOKEN: token, ACTIONS_CACHE_SERVICE_V2: v2 } = env;
    return url && token && v2 ? { url, token } : undefined;
}
/**
 * The version of an entry: entries of another version are never matched, so neither @actions/cache's
 * archives nor another format of berth's are ever given to a reader of this one.
 */
function streamVersion(format) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(`berth stream|${format}`).digest('hex');
}
const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';
const client = new _actions_http_client__WEBPACK_IMPORTED_MODULE_2__/* .HttpClient */ .Qq('berth', [], { socketTimeout: 120_000 });
/** One Twirp call, JSON; 5xx and network failures tried again, as the toolkit does. */
async function twirp(env, method, request) {
    const service = streamService(env);
    if (!service)
        throw new Error('no Actions cache service (v2) here');
    const url = new URL(`${SERVICE}${method}`, service.url).href;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${service.token}` };
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .withRetries */ .LH)(async () => {
        const response = await client.post(url, JSON.stringify(request), headers);
        const body = await response.readBody();
        const status = response.message.statusCode ?? 0;
        if (status < 200 || status >= 300)
            throw new Error(`${method}: HTTP ${status} ${body.slice(0, 200)}`);
        return JSON.parse(body);
    }, { retries: 3, label: `Actions cache ${method}` });
}
/** A field of a Twirp answer, which may name it in camelCase or as the .proto does. */
function field(answer, camel, snake) {
    return String(answer[camel] ?? answer[snake] ?? '');
}
/** The entry a restore gets (the key, else each restore key as a prefix), streamed; undefined: none. */
async function openEntry(key, restoreKeys, version, env = process.env) {
    const answer = await twirp(env, 'GetCacheEntryDownloadURL', { key, restore_keys: restoreKeys, version });
    if (!answer.ok)
        return undefined;
    const url = field(answer, 'signedDownloadUrl', 'signed_download_url');
    const response = await (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .withRetries */ .LH)(async () => {
        const got = await client.get(url);
        const status = got.message.statusCode ?? 0;
        if (status === 200)
            return got;
        await got.readBody();
        throw new Error(`the cache entry's download: HTTP ${status}`);
    }, { retries: 3, label: 'Actions cache download' });
    return { key: field(answer, 'matchedKey', 'matched_key'), body: response.message };
}
/**
 * A new entry: the URL the service signs for its upload, or undefined when the key is taken (a key is
 * written once). An entry is seen only once finalized, so a failed upload leaves nothing to restore.
 */
async function createEntry(key, version, env = process.env) {
    const created = await twirp(env, 'CreateCacheEntry', { key, version });
    return created.ok ? field(created, 'signedUploadUrl', 'signed_upload_url') : undefined;
}
/** Uploads an entry's bytes from a stream, in blocks; the number of bytes. */
async function uploadEntry(url, body) {
    let size = 0;
    const counted = node_stream__WEBPACK_IMPORTED_MODULE_1__.Readable.from((async function* () {
        for await (const chunk of body) {
            size += chunk.length;
            yield chunk;
        }
    })());
    const { BlockBlobClient } = await Promise.all(/* import() */[__webpack_require__.e(143), __webpack_require__.e(766)]).then(__webpack_require__.bind(__webpack_require__, 766));
    // 16 MiB blocks, 4 at a time: the toolkit's concurrency, with less held in memory than its 32 MiB
    await new BlockBlobClient(url).uploadStream(counted, 16 * 1024 * 1024, 4).catch((error) => {
        throw new Error(`the cache entry's upload: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorText */ .kc)(error)}`);
    });
    return size;
}
/** Makes an uploaded entry visible to restores. */
async function finalizeEntry(key, version, size, env = process.env) {
    const done = await twirp(env, 'FinalizeCacheEntryUpload', { key, version, size_bytes: String(size) });
    if (!done.ok)
        throw new Error(`the cache entry was not finalized: ${field(done, 'message', 'message')}`);
}


/***/ }),

/***/ 5296:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NS: () => (/* binding */ handoff),
/* harmony export */   Tp: () => (/* binding */ background),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   hS: () => (/* binding */ counted),
/* harmony export */   pl: () => (/* binding */ Report),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3838);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8768);
// What a step gives back: one log group per phase with its duration and the job summary, which a
// person reads; the outputs, variables and state that the job's later steps and post read.


/** The step's handoff: the runner's by default; the CLI replaces its handlers with `Object.assign`. */
const handoff = {
    setOutput: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value),
    exportVariable: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .exportVariable */ .dN(name, value),
    addPath: (folder) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .addPath */ .fM(folder),
    saveState: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(name, value),
};
function background(work) {
    const ended = work.then(() => Date.now(), () => Date.now());
    return { work, started: Date.now(), ended };
}
/** `1 file`, `2 files`. */
function counted(count, noun) {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
const SYMBOL = { ok: '✅', failed: '❌', skipped: '⏭️' };
/** Text as HTML shows it literally (the summary is HTML): a test name is not markup. */
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
class Report {
    phases = [];
    outcome = {};
    /** The one line the summary opens with: how the run ended, as a person reads it at a glance. */
    verdict = '';
    /** Extra summary sections (detection tables, install notes) added by the phases that know them. */
    sections = [];
    /** Runs one phase inside a log group and records how long it took and how it ended. */
    phase(name, body) {
        // a cancelled run starts no phase; the ones that report what ran (artifacts) are `finished`
        (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .throwIfCancelled */ .dZ)();
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh(name);
        const started = Date.now();
        return this.close(name, body, async () => Date.now() - started);
    }
    /**
     * Reports work that ran quietly beside other phases: its log group is written now, after theirs,
     * with `show` writing what the work found; its duration is the work's own.
     */
    finished(name, work, show) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh(name);
        const body = async () => {
            const value = await work.work;
            show(value);
            return value;
        };
        return this.close(name, body, async () => (await work.ended) - work.started);
    }
    async close(name, body, took) {
        let result = 'failed';
        try {
            const value = await body();
            result = 'ok';
            return value;
        }
        finally {
            const seconds = (await took()) / 1000;
            this.phases.push({ name, seconds, result, note: '' });
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${name}: ${result === 'ok' ? 'done' : 'failed'} in ${seconds.toFixed(1)} s`);
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4();
        }
    }
    skip(name, why) {
        this.phases.push({ name, seconds: 0, result: 'skipped', note: why });
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${name}: skipped, ${why}`);
    }
    /** Adds a note to the last record of a phase (a cache ratio, a test exit code), and may mark it failed. */
    note(name, note, result) {
        const record = [...this.phases].reverse().find((phase) => phase.name === name);
        if (!record)
            return;
        record.note = note;
        if (result)
            record.result = result;
    }
    /**
     * The summary's tables in plain text, each with its heading ('' for none), the header row first: the
     * phases, the facts, the sections the phases added, the tags pushed.
     */
    tables() {
        const phases = this.phases.map((phase) => [
            phase.name,
            `${phase.seconds.toFixed(1)} s`,
            `${SYMBOL[phase.result]} ${phase.result}`,
            phase.note,
        ]);
        const tables = [
            { heading: '', rows: [['phase', 'duration', 'result', 'note'], ...phases] },
        ];
        const facts = this.facts();
        if (facts.length > 0)
            tables.push({ heading: '', rows: [['what', 'value'], ...facts] });
        tables.push(...this.sections);
        if (this.outcome.pushed?.length)
            tables.push({ heading: 'Tags pushed', rows: [['tag'], ...this.outcome.pushed.map((tag) => [tag])] });
        return tables;
    }
    /** The job summary as HTML, where a runner shows it (GITHUB_STEP_SUMMARY); every cell is text. */
    async writeSummary() {
        if (!process.env.GITHUB_STEP_SUMMARY)
            return;
        const summary = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addHeading('berth', 2);
        if (this.verdict)
            summary.addRaw(`<p><strong>${escapeHtml(this.verdict)}</strong></p>`, true);
        for (const { heading, rows } of this.tables()) {
            const [header = [], ...body] = rows.map((row) => row.map(escapeHtml));
            if (heading)
                summary.addHeading(heading, 3);
            summary.addTable([header.map((data) => ({ data, header: true })), ...body]);
        }
        await summary.write();
    }
    facts() {
        const { image, imageId, cacheHits, digest, testExitCode, artifacts, pushed } = this.outcome;
        const rows = [];
        if (image)
            rows.push(['image', image]);
        if (imageId)
            rows.push(['image id', imageId]);
        if (cacheHits)
            rows.push(['cache hits', cacheHits]);
        if (testExitCode !== undefined)
            rows.push(['tests', testExitCode === 0 ? 'passed' : `failed (exit ${testExitCode})`]);
        const { tests } = this.outcome;
        if (tests)
            rows.push([
                'test cases',
                `${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped in ${tests.seconds.toFixed(1)} s`,
            ]);
        if (artifacts)
            rows.push([
                'artifacts',
                `${counted(artifacts.files, 'file')}, ${formatBytes(artifacts.bytes)} in ${artifacts.dir}`,
            ]);
        if (pushed)
            rows.push(['pushed', pushed.length > 0 ? `${pushed.length} tags` : 'nothing']);
        if (digest)
            rows.push(['digest', digest]);
        return rows;
    }
}


/***/ }),

/***/ 3479:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main_main)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./lib/src/core/cancel.js
var cancel = __webpack_require__(8768);
// EXTERNAL MODULE: ./lib/src/core/errors.js
var errors = __webpack_require__(7657);
// EXTERNAL MODULE: ./lib/src/core/exec.js
var exec = __webpack_require__(1195);
// EXTERNAL MODULE: ./lib/src/core/image-ref.js
var image_ref = __webpack_require__(1925);
// EXTERNAL MODULE: ./lib/src/core/retry.js
var retry = __webpack_require__(1746);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: ./lib/src/core/docker-cli.js
var docker_cli = __webpack_require__(4773);
// EXTERNAL MODULE: ./lib/src/core/file-view.js
var file_view = __webpack_require__(5664);
;// CONCATENATED MODULE: ./lib/src/registry/api.js
// Tags put in the registry itself. When the registry already has a manifest of the very image (a warm
// run's image is its final stage's cache image; a cold run's first tag was just pushed), each further
// tag is one PUT of that manifest's bytes: no daemon, no layer checks. Written on
// @actions/http-client (which honours the runner's proxy settings) because what is needed is four
// requests of the distribution API; the client libraries for it are unmaintained or pull in far more.
// Whatever this cannot do safely returns a reason, and the caller pushes with docker instead: a
// manifest of another image, an index, credentials that only a helper holds, a registry it cannot
// reach the way the daemon does (a self-signed certificate, an insecure registry that is not local).









/** The manifest types a copy may carry: one image, Docker's or OCI's. Lists and indexes are left to docker. */
const IMAGE_MANIFESTS = [
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
];
/** What the containerd image store pushes: an index, whose digest is the image's ID there. */
const IMAGE_INDEXES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
];
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
function parseChallenge(header) {
    const match = /^\s*(\w+)\s*(.*)$/.exec(header);
    if (!match)
        return undefined;
    const params = {};
    for (const [, key, quoted, bare] of (match[2] ?? '').matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g))
        if (key)
            params[key.toLowerCase()] = quoted?.replace(/\\(.)/g, '$1') ?? bare ?? '';
    return { scheme: (match[1] ?? '').toLowerCase(), params };
}
/** credentialsFor, with a helper asked. */
async function resolveCredentials(registry, logins, env) {
    const found = credentialsFor(registry, logins, env);
    return 'helper' in found ? askHelper(found.helper, found.server) : found;
}
/** Hosts Docker treats as insecure unless told otherwise: the loopback ones, which may speak plain HTTP. */
function isLoopback(host) {
    const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.split(':')[0];
    return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name ?? '');
}
/** Where the API answers, in the order to try: HTTPS, and plain HTTP only for a loopback host. */
function apiBases(registry) {
    const host = registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
    return isLoopback(host) ? [`https://${host}`, `http://${host}`] : [`https://${host}`];
}
/** The repository's name in the registry's API: Docker Hub's official images are library/<name>. */
function apiRepository(repository) {
    const hubOfficial = repository.registry === DOCKER_HUB && !repository.path.includes('/');
    return hubOfficial ? `library/${repository.path}` : repository.path;
}
/** The `user:password` pair for a registry, from berth's own logins or docker's config; else a reason. */
function credentialsFor(registry, logins, env, files = file_view/* realFiles */.a) {
    const hub = registry === DOCKER_HUB;
    const login = logins.find((given) => {
        const host = given.registry.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
        return host === registry || (hub && /(^|\.)docker\.io$/.test(host));
    });
    if (login)
        return { basic: Buffer.from(`${login.username}:${login.password}`).toString('base64') };
    const config = (0,docker_cli/* readDockerConfig */.TO)(env, files);
    if ('invalid' in config)
        return { reason: config.invalid };
    const key = hub ? DOCKER_HUB_CONFIG_KEY : registry;
    const entry = config.auths?.[key] ?? config.auths?.[`https://${key}`] ?? config.auths?.[`http://${key}`];
    const helper = config.credHelpers?.[key];
    if (helper)
        return { helper, server: key };
    if (entry?.identitytoken)
        return { reason: `credentials for ${registry} are an identity token` };
    if (entry?.auth)
        return { basic: entry.auth };
    if (config.credsStore)
        return { helper: config.credsStore, server: key };
    return { none: true };
}
/**
 * Asks a credential helper (`docker-credential-<name> get`, the server on stdin) as the docker CLI
 * does: `Username`/`Secret` as a basic pair; "credentials not found" as none (docker goes anonymous);
 * an identity token (`<token>`) or a failing helper as a reason to leave it to docker.
 */
async function askHelper(helper, server) {
    const program = `docker-credential-${helper}`;
    const result = await (0,exec/* run */.eF)([program, 'get'], { stdin: server, allowFailure: true, timeoutMs: 30_000 }).catch((error) => ({ exitCode: 127, stdout: '', stderr: (0,errors/* errorText */.kc)(error) }));
    if (result.exitCode !== 0) {
        if (/credentials not found/i.test(`${result.stdout}${result.stderr}`))
            return { none: true };
        return {
            reason: `${program} failed for ${server}: ${(result.stderr || result.stdout).trim().slice(0, 200)}`,
        };
    }
    try {
        const { Username, Secret } = JSON.parse(result.stdout);
        if (Username === '<token>')
            return { reason: `credentials for ${server} are an identity token` };
        if (!Username || !Secret)
            return { reason: `${program} gave no credentials for ${server}` };
        core/* setSecret */.Pq(Secret);
        return { basic: Buffer.from(`${Username}:${Secret}`).toString('base64') };
    }
    catch {
        return { reason: `${program} answered what is not JSON` };
    }
}
const client = (keepAlive) => new lib/* HttpClient */.Qq('berth', [], { allowRedirects: true, socketTimeout: 10_000, keepAlive });
async function tokenFor(challenge, repository, actions, basic) {
    const realm = challenge.params.realm;
    if (!realm)
        throw new Error('the Bearer challenge names no realm');
    const url = new URL(realm);
    if (basic && url.protocol !== 'https:' && !isLoopback(url.host))
        throw new Error(`the token service ${url.origin} is not HTTPS: no password is sent there`);
    if (challenge.params.service)
        url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', `repository:${repository}:${actions}`);
    const http = client(false);
    const response = await http.get(url.toString(), basic ? { authorization: `Basic ${basic}` } : {});
    const body = await response.readBody();
    http.dispose();
    if (response.message.statusCode !== 200)
        throw new Error(`the token service answered ${response.message.statusCode}`);
    const parsed = JSON.parse(body);
    const token = parsed.token ?? parsed.access_token;
    if (!token)
        throw new Error('the token service gave no token');
    core/* setSecret */.Pq(token);
    return token;
}
/** A session with the registry's API for one repository, with a token for `actions` where it asks for one. */
async function openSession(registry, repository, basic, actions = 'pull,push') {
    let lastError = '';
    for (const base of apiBases(registry)) {
        const http = client(true);
        let response;
        try {
            response = await http.get(`${base}/v2/`);
            await response.readBody();
        }
        catch (error) {
            http.dispose();
            lastError = (0,errors/* errorText */.kc)(error);
            continue;
        }
        const status = response.message.statusCode;
        const header = response.message.headers['www-authenticate'];
        const challenge = status === 401 && typeof header === 'string' ? parseChallenge(header) : undefined;
        try {
            if (status === 200)
                return { base, authorization: undefined, http };
            if (challenge?.scheme === 'bearer')
                return {
                    base,
                    authorization: `Bearer ${await tokenFor(challenge, repository, actions, basic)}`,
                    http,
                };
            if (challenge?.scheme === 'basic' && basic)
                return { base, authorization: `Basic ${basic}`, http };
        }
        catch (error) {
            http.dispose();
            throw error;
        }
        http.dispose();
        throw new Error(`${base}/v2/ answered ${status}${challenge ? ` asking for ${challenge.scheme}` : ''}`);
    }
    throw new Error(`no answer from ${registry}: ${lastError}`);
}
/**
 * Whether a registry is silent: it takes connections and answers nothing within `timeoutMs` (what
 * would hang a build that reads its cache, or a pull, for as long as the daemon waits). Any other
 * outcome (an answer, a refused connection, a certificate berth does not trust but the daemon may)
 * says something is there, or fails fast on its own.
 */
async function registrySilent(registry, timeoutMs = 5_000) {
    const [base = ''] = apiBases(registry);
    const http = new lib/* HttpClient */.Qq('berth', [], { socketTimeout: timeoutMs, keepAlive: false });
    try {
        await (await http.get(`${base}/v2/`)).readBody();
        return false;
    }
    catch (error) {
        return /^Request timeout/.test((0,errors/* errorText */.kc)(error));
    }
    finally {
        http.dispose();
    }
}
/** The outcome: the manifest's digest with every tag on it, or why the caller should push with docker. */
/** `name:tag`, or `name[:tag]@digest` with the digest as what the manifest is asked by. */
function manifestReference(reference) {
    const at = reference.indexOf('@');
    if (at < 0)
        return (0,image_ref/* splitReference */.mQ)(reference);
    return { name: (0,image_ref/* splitReference */.mQ)(reference.slice(0, at)).name, tag: reference.slice(at + 1) };
}
/**
 * Puts `tags` (references in the same repository as `from`) on the manifest `from` points at, when
 * that manifest describes the image `imageId` (its config digest).
 */
async function tagInRegistry(from, tags, imageId, logins, env = process.env) {
    const source = manifestReference(from);
    const repository = (0,image_ref/* parseRepository */.SU)(source.name);
    if (typeof repository === 'string' || !source.tag)
        return { reason: `${from} is not name:tag or name@digest` };
    const names = tags.map(image_ref/* splitReference */.mQ);
    if (names.some((name) => name.name !== source.name || !name.tag))
        return { reason: 'the tags are not all in the repository of the manifest' };
    const apiPath = apiRepository(repository);
    const credentials = await resolveCredentials(repository.registry, logins, env);
    if ('reason' in credentials)
        return credentials;
    let session;
    try {
        const basic = 'basic' in credentials ? credentials.basic : undefined;
        session = await openSession(repository.registry, apiPath, basic);
        const { http, authorization } = session;
        const headers = (extra) => authorization ? { ...extra, authorization } : extra;
        const base = session.base;
        // a tag or a digest: neither has a character to escape
        const manifestUrl = (tag) => `${base}/v2/${apiPath}/manifests/${tag}`;
        const accept = [...IMAGE_MANIFESTS, ...IMAGE_INDEXES].join(', ');
        // a registry may answer 5xx for a moment while other pushes to the repository go on: asked again
        let got = await http.get(manifestUrl(source.tag), headers({ accept }));
        let bytes = await got.readBody();
        for (let attempt = 1; attempt < 3 && (got.message.statusCode ?? 0) >= 500; attempt++) {
            await (0,retry/* pause */.v7)(250 * attempt);
            got = await http.get(manifestUrl(source.tag), headers({ accept }));
            bytes = await got.readBody();
        }
        if (got.message.statusCode !== 200)
            return { reason: `${from} answered ${got.message.statusCode}` };
        const mediaType = String(got.message.headers['content-type'] ?? '').split(';')[0] ?? '';
        const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes, 'utf8').digest('hex')}`;
        if (IMAGE_INDEXES.includes(mediaType)) {
            if (digest !== imageId)
                return { reason: `${from} is an index of another image` };
        }
        else if (IMAGE_MANIFESTS.includes(mediaType)) {
            const manifest = JSON.parse(bytes);
            if (manifest.config?.digest !== imageId)
                return { reason: `${from} is another image` };
        }
        else {
            return { reason: `${from} is a ${mediaType || 'manifest of no type'}` };
        }
        await Promise.all(names.map(async ({ tag }) => {
            const put = await http.request('PUT', manifestUrl(tag ?? ''), bytes, headers({ 'content-type': mediaType }));
            await put.readBody();
            if (put.message.statusCode !== 201)
                throw new Error(`PUT of the manifest for ${tag} answered ${put.message.statusCode}`);
        }));
        return { digest };
    }
    catch (error) {
        return { reason: (0,errors/* errorText */.kc)(error) };
    }
    finally {
        session?.http.dispose();
    }
}

;// CONCATENATED MODULE: ./lib/src/registry/lookup.js
// Whether the registry has a manifest under a tag, asked with HEAD requests of the distribution API
// (api.ts's sessions): the tested tree's tag (build/tree-key.ts), the stage cache images a build may
// read (build/cache-read.ts). A lookup that cannot tell says why; the caller decides what that means.



/**
 * Whether the registry has a manifest under `reference` (`name:tag`): its digest, `missing` when the
 * registry says it has none (404), or why it could not tell.
 */
async function findManifest(reference, logins, env = process.env) {
    return firstManifest([reference], logins, env);
}
/**
 * findManifest of each reference in turn, up to the first that is not missing: its answer, or `missing`
 * when every one is. The references of one repository share a session (one token, one connection).
 */
async function firstManifest(references, logins, env = process.env) {
    const sessions = new Map();
    try {
        for (const reference of references) {
            const source = (0,image_ref/* splitReference */.mQ)(reference);
            const repository = (0,image_ref/* parseRepository */.SU)(source.name);
            if (typeof repository === 'string' || !source.tag)
                return { reason: `${reference} is not name:tag` };
            const apiPath = apiRepository(repository);
            const key = `${repository.registry}/${apiPath}`;
            if (!sessions.has(key)) {
                const opening = openRepository(repository.registry, apiPath, logins, env);
                // awaited below; marked handled so that a failure is this lookup's answer, not an unhandled one
                opening.catch(() => undefined);
                sessions.set(key, opening);
            }
            const found = await headManifest(await sessions.get(key), apiPath, source.tag);
            if (!('missing' in found))
                return 'digest' in found ? found : { reason: `${reference}: ${found.reason}` };
        }
        return { missing: true };
    }
    catch (error) {
        return { reason: (0,errors/* errorText */.kc)(error) };
    }
    finally {
        for (const session of sessions.values())
            session.then((open) => open.http.dispose(), () => undefined);
    }
}
/**
 * A lookup given up after `ms`: a registry that takes connections and answers nothing costs the run
 * that long, not the client's timeouts.
 */
function answerWithin(lookup, ms = 5_000) {
    const silence = new Promise((resolve) => setTimeout(() => resolve({ reason: `no answer within ${ms / 1000} s` }), ms).unref());
    return Promise.race([lookup, silence]);
}
/** A pull session with one repository, with the credentials a login or the docker config gives it. */
async function openRepository(registry, apiPath, logins, env) {
    const credentials = await resolveCredentials(registry, logins, env);
    if ('reason' in credentials)
        throw new Error(credentials.reason);
    return openSession(registry, apiPath, 'basic' in credentials ? credentials.basic : undefined);
}
/** HEAD of one manifest: its digest, `missing` (404), or what the registry answered. */
async function headManifest(session, apiPath, tag) {
    const accept = [...IMAGE_MANIFESTS, ...IMAGE_INDEXES].join(', ');
    const headers = session.authorization ? { accept, authorization: session.authorization } : { accept };
    const answer = await session.http.request('HEAD', `${session.base}/v2/${apiPath}/manifests/${tag}`, null, headers);
    await answer.readBody();
    const status = answer.message.statusCode;
    if (status === 404)
        return { missing: true };
    const digest = answer.message.headers['docker-content-digest'];
    if (status !== 200 || typeof digest !== 'string')
        return { reason: `answered ${status}` };
    return { digest };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./lib/src/core/actions-cache.js
var actions_cache = __webpack_require__(9444);
;// CONCATENATED MODULE: ./lib/src/build/cache-actions.js
// The `actions` cache: stage cache images kept in the GitHub Actions cache instead of a registry, keyed
// on the Dockerfile and the branch. An entry is the index of the images (reference to ID, one JSON line)
// followed by `docker save` of them by name, streamed to the service as it is written; a restore
// streams the download into `docker load`, with no file on either side (see core/actions-cache.ts for
// what that saves), and re-tags the images from the index, since a load can lose tags.








/** The entries' format: the index line, then the saved images, uncompressed. */
const IMAGES_VERSION = (0,actions_cache/* streamVersion */.ne)('docker-save/1');
/** The index line is small (a reference and an ID per stage): a longer one is not an entry of this format. */
const INDEX_LIMIT = 1024 * 1024;
/** Keys from the image name, the Dockerfile's content and the branches. */
function actionsCacheKeys(image, dockerfile, branch, defaultBranch) {
    const hash = (0,external_node_crypto_.createHash)('sha256').update(image).update('\0').update(dockerfile).digest('hex').slice(0, 16);
    const restore = [...new Set([branch, defaultBranch].filter(Boolean))].map((name) => `berth-${hash}-${name}-`);
    return { prefix: restore[0] ?? `berth-${hash}--`, restore };
}
/** The save key for a set of images: the same images give the same key, so nothing is saved twice. */
function saveKey(keys, ids) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const [ref, id] of [...ids].sort())
        hash.update(`${ref}=${id}\n`);
    return `${keys.prefix}${hash.digest('hex').slice(0, 16)}`;
}
/**
 * False (with a notice) where the Actions cache service berth needs is not there: berth carries on
 * without a cache. The stage images speak its v2 protocol themselves (GitHub Enterprise Server has only
 * v1), so they do not wait for @actions/cache to load; buildx's folder goes through it.
 */
async function actionsCacheAvailable(env, folderCache) {
    if (folderCache ? await (0,actions_cache/* cacheService */.qI)(env) : (0,actions_cache/* streamService */.a6)(env))
        return true;
    core/* notice */.lm(folderCache
        ? 'cache: actions: no Actions cache service here (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL unset), building without a cache'
        : 'cache: actions: no Actions cache service v2 here (ACTIONS_RESULTS_URL / ACTIONS_CACHE_SERVICE_V2 unset; GitHub Enterprise Server has v1 only), building without a cache');
    return false;
}
function folder() {
    const dir = external_node_path_.join(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'berth-cache');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    return dir;
}
/**
 * Splits a restored entry into its index and the saved images that follow it: the download itself,
 * with what came after the index line put back in front (the download piped on as it is costs a
 * third less CPU than through another stream: 0.22 s against 0.33 s for 150 MiB).
 */
function readIndex(body) {
    return new Promise((resolve, reject) => {
        let head = Buffer.alloc(0);
        const stop = () => {
            body.off('data', onData);
            body.off('end', onEnd);
            body.off('error', onError);
            body.pause();
        };
        const onError = (error) => {
            stop();
            reject(error);
        };
        const onEnd = () => onError(new Error('the cache entry has no index line'));
        const onData = (chunk) => {
            head = Buffer.concat([head, chunk]);
            const end = head.indexOf(10);
            if (end < 0 && head.length <= INDEX_LIMIT)
                return;
            if (end < 0)
                return onEnd();
            stop();
            body.unshift(head.subarray(end + 1));
            try {
                resolve({
                    index: JSON.parse(head.subarray(0, end).toString('utf8')),
                    images: body,
                });
            }
            catch (error) {
                reject(error instanceof Error ? error : new Error(String(error)));
            }
        };
        body.on('data', onData);
        body.once('end', onEnd);
        body.once('error', onError);
    });
}
/** Restores and loads the images; returns their IDs by reference, re-tagged, and the key restored. */
async function restoreImages(keys) {
    const none = { ids: new Map(), key: '' };
    const [first = '', ...rest] = keys.restore;
    let body;
    try {
        const entry = await (0,actions_cache/* openEntry */.vW)(first, rest, IMAGES_VERSION);
        if (!entry) {
            core/* info */.pq('cache: actions: nothing restored');
            return none;
        }
        body = entry.body;
        const { index, images } = await readIndex(body);
        const load = await (0,exec/* run */.eF)(['docker', 'load', '--quiet'], { input: images, timeoutMs: 1_800_000 });
        // each tag the load did not put back (one command each, about 0.1 s on a busy runner)
        const loaded = new Set(load.stdout.split('\n').map((line) => line.replace(/^Loaded image: /, '').trim()));
        for (const [ref, id] of Object.entries(index))
            if (!loaded.has(ref))
                await (0,exec/* run */.eF)(['docker', 'tag', id, ref]);
        core/* info */.pq(`cache: actions: restored ${entry.key}, ${Object.keys(index).length} images`);
        return { ids: new Map(Object.entries(index)), key: entry.key };
    }
    catch (error) {
        // the rest of a download that failed is not waited for
        body?.destroy();
        core/* warning */.$e(`cache: actions: the stage images were not restored (${(0,errors/* errorText */.kc)(error)}); building without them`);
        return none;
    }
}
/** Saves the images by name, unless the very same set is already saved. */
async function saveImages(keys, refs, restored) {
    if (refs.length === 0)
        return;
    const ids = new Map();
    for (const ref of refs) {
        const inspect = await (0,exec/* run */.eF)(['docker', 'image', 'inspect', '--format', '{{.Id}}', ref]);
        ids.set(ref, inspect.stdout.trim());
    }
    const key = saveKey(keys, ids);
    if (key === restored)
        return;
    const url = await (0,actions_cache/* createEntry */.dv)(key, IMAGES_VERSION);
    if (!url) {
        core/* info */.pq(`cache: actions: ${key} is saved already`);
        return;
    }
    const index = Buffer.from(`${JSON.stringify(Object.fromEntries(ids))}\n`);
    let size = 0;
    await (0,exec/* run */.eF)(['docker', 'save', ...refs], {
        timeoutMs: 1_800_000,
        output: async (saved) => {
            size = await (0,actions_cache/* uploadEntry */.Et)(url, (async function* () {
                yield index;
                yield* saved;
            })());
        },
    });
    // only once docker save has said it succeeded: a save that failed half-way is never restored
    await (0,actions_cache/* finalizeEntry */.xw)(key, IMAGES_VERSION, size);
    core/* info */.pq(`cache: actions: saved ${refs.length} images as ${key} (${(size / 2 ** 20).toFixed(0)} MiB)`);
}
/**
 * buildx's cache as a folder (`type=local`), for builders that read no image loaded into the daemon
 * (the containerd image store, a builder in a container): `src` is restored from the Actions cache,
 * `dest` is where this run exports its cache.
 */
function buildxFolders() {
    const dir = folder();
    return { src: external_node_path_.join(dir, 'buildx'), dest: external_node_path_.join(dir, 'buildx-new') };
}
/** Restores buildx's cache folder; the key restored, empty when none. */
async function restoreFolder(keys, dir) {
    const [first = '', ...rest] = keys.restore;
    const cache = await (0,actions_cache/* loadActionsCache */.g4)();
    const hit = await cache.restoreCache([dir], first, rest);
    if (!hit || !(0,external_node_fs_.existsSync)(external_node_path_.join(dir, 'index.json'))) {
        core/* info */.pq('cache: actions: nothing restored');
        return '';
    }
    core/* info */.pq(`cache: actions: restored ${hit}, buildx's cache of every stage`);
    return hit;
}
/**
 * Saves buildx's exported cache folder, keyed on its index: the same cache is never saved twice. It is
 * saved from where a restore puts it (the Actions cache keys an entry on its paths): `exported` takes
 * the place of `dir`.
 */
async function saveFolder(keys, exported, dir, restored) {
    (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    (0,external_node_fs_.renameSync)(exported, dir);
    const index = (0,external_node_fs_.readFileSync)(external_node_path_.join(dir, 'index.json'));
    const key = `${keys.prefix}${(0,external_node_crypto_.createHash)('sha256').update(index).digest('hex').slice(0, 16)}`;
    if (key === restored)
        return;
    const cache = await (0,actions_cache/* loadActionsCache */.g4)();
    await cache.saveCache([dir], key);
    core/* info */.pq(`cache: actions: saved buildx's cache as ${key}`);
}

// EXTERNAL MODULE: ./lib/src/build/cache-plan.js
var cache_plan = __webpack_require__(4791);
// EXTERNAL MODULE: ./node_modules/dockerfile-ast/lib/main.js
var main = __webpack_require__(8390);
;// CONCATENATED MODULE: ./lib/src/build/stages.js
// The stages of a Dockerfile, read with a real parser: names, bases (ARG-parameterised FROMs resolved
// with the build args and the defaults of the ARGs declared before the first FROM), and which stages
// each one needs (FROM <stage>, COPY --from, RUN --mount=from=), so berth knows what a target builds.

/** Replaces `$X`, `${X}`, `${X:-default}` and `${X:+alternative}` the way the Dockerfile frontend does. */
function expandArgs(text, values) {
    return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_match, braced, op, word, bare) => {
        const value = values.get(braced ?? bare ?? '') ?? '';
        if (op === '-')
            return value || (word ?? '');
        if (op === '+')
            return value ? (word ?? '') : '';
        return value;
    });
}
function flagValues(text, flag) {
    const found = [];
    for (const match of text.matchAll(new RegExp(`--${flag}=(\\S+)`, 'g')))
        if (match[1])
            found.push(match[1]);
    return found;
}
/** `from=` values of RUN --mount options. */
function mountSources(flags) {
    return flags.flatMap((mount) => mount
        .split(',')
        .filter((option) => option.startsWith('from='))
        .map((option) => option.slice('from='.length)));
}
function parseStages(text, buildArgs, target) {
    const dockerfile = main.DockerfileParser.parse(text);
    const values = new Map();
    for (const arg of dockerfile.getInitialARGs()) {
        const property = arg.getProperty();
        if (property)
            values.set(property.getName(), property.getValue() ?? '');
    }
    for (const { key, value } of buildArgs)
        if (values.has(key))
            values.set(key, value);
    const froms = dockerfile.getFROMs();
    if (froms.length === 0)
        throw new Error('file: the Dockerfile has no FROM instruction');
    const stages = [];
    const byName = new Map();
    const resolve = (reference) => {
        if (/^\d+$/.test(reference) && Number(reference) < stages.length)
            return Number(reference);
        return byName.get(reference.toLowerCase());
    };
    const instructions = dockerfile.getInstructions();
    froms.forEach((from, index) => {
        const name = (from.getBuildStage() ?? '').toLowerCase();
        const base = expandArgs(from.getImage() ?? '', values);
        const needs = new Set();
        const parent = resolve(base);
        if (parent !== undefined)
            needs.add(parent);
        const start = from.getRange().start.line;
        const end = froms[index + 1]?.getRange().start.line ?? Number.POSITIVE_INFINITY;
        for (const instruction of instructions) {
            const line = instruction.getRange().start.line;
            if (line <= start || line >= end)
                continue;
            const keyword = instruction.getKeyword().toUpperCase();
            const raw = instruction.getTextContent();
            const sources = keyword === 'COPY' || keyword === 'ADD'
                ? flagValues(raw, 'from')
                : keyword === 'RUN'
                    ? mountSources(flagValues(raw, 'mount'))
                    : [];
            for (const source of sources) {
                const stage = resolve(expandArgs(source, values));
                if (stage !== undefined)
                    needs.add(stage);
            }
        }
        stages.push({
            index,
            name,
            key: name || `stage-${index}`,
            base,
            needs: [...needs].sort((a, b) => a - b),
        });
        if (name)
            byName.set(name, index);
    });
    const targetIndex = target ? resolve(target) : stages.length - 1;
    if (targetIndex === undefined) {
        throw new Error(`target: '${target}' is not a stage of the Dockerfile (stages: ${stages.map((stage) => stage.key).join(', ')})`);
    }
    const needed = new Set();
    const visit = (index) => {
        if (needed.has(index))
            return;
        needed.add(index);
        for (const need of stages[index]?.needs ?? [])
            visit(need);
    };
    visit(targetIndex);
    const argDefaults = new Map();
    for (const arg of dockerfile.getARGs()) {
        const property = arg.getProperty();
        if (property && !argDefaults.has(property.getName()))
            argDefaults.set(property.getName(), property.getValue() ?? '');
    }
    return { stages, target: targetIndex, needed: [...needed].sort((a, b) => a - b), argDefaults };
}

;// CONCATENATED MODULE: ./lib/src/build/cache-read.js
// Cache, read side: the Dockerfile's stages, each stage's cache image (this branch's, else the default
// branch's, then `cache-from`), brought to the build: pulled for the legacy builder (it needs them in
// the daemon), handed by reference to BuildKit and buildx (they read the registry themselves), or
// loaded from the Actions cache. A missing cache is the normal first run, never an error.












/** Pulls `ref`; false when it is not there (the normal first run). */
async function pull(ref, retries) {
    try {
        await (0,retry/* withRetries */.LH)(() => (0,exec/* run */.eF)(['docker', 'pull', '--quiet', ref], { timeoutMs: 600_000, cancellable: true }), {
            retries,
            label: `pull ${ref}`,
        });
    }
    catch (error) {
        if (error instanceof cancel/* CancelledError */.cc)
            throw error;
        core/* info */.pq(`cache: ${ref} not available (${(0,errors/* errorText */.kc)(error)})`);
        return false;
    }
    core/* info */.pq(`cache: ${ref} pulled`);
    return true;
}
/** The first of a stage's references that pulls. */
async function pullFirst(refs, retries) {
    for (const ref of refs)
        if (await pull(ref, retries))
            return ref;
    return undefined;
}
/** Image IDs by reference, in one inspect. */
async function imageIds(refs) {
    if (refs.length === 0)
        return new Map();
    const result = await (0,exec/* run */.eF)(['docker', 'image', 'inspect', '--format', '{{.Id}}', ...refs], {
        timeoutMs: 60_000,
    });
    const ids = result.stdout.trim().split('\n');
    return new Map(refs.map((ref, index) => [ref, ids[index] ?? '']));
}
/**
 * The references whose registry answers: a cache in a registry that does not answer is left out with a
 * warning, rather than hanging the build or the pull that would read it.
 */
async function answering(refs) {
    const hostOf = (ref) => {
        const parsed = (0,image_ref/* parseReference */.F2)(ref);
        return typeof parsed === 'string' ? '' : parsed.repository.registry;
    };
    const hosts = [...new Set(refs.map(hostOf).filter(Boolean))];
    const silence = await Promise.all(hosts.map(async (host) => [host, await registrySilent(host)]));
    const silent = new Set(silence.filter(([, quiet]) => quiet).map(([host]) => host));
    for (const host of silent)
        core/* warning */.$e(`cache: the registry ${host} does not answer; building without its cache`);
    return new Set(refs.filter((ref) => !silent.has(hostOf(ref))));
}
/** Registry cache: the legacy builder gets pulled images; BuildKit and buildx read the registry. */
async function registrySources(builder, allCaches, allExtra, retries) {
    const usable = await answering([...allCaches.flatMap((cache) => cache.read), ...allExtra]);
    const caches = allCaches.map((cache) => ({ ...cache, read: cache.read.filter((ref) => usable.has(ref)) }));
    const extra = allExtra.filter((ref) => usable.has(ref));
    if (builder !== 'legacy')
        return {
            cacheFrom: [...caches.flatMap((cache) => cache.read), ...extra],
            ids: Promise.resolve(new Map()),
        };
    const pulled = await Promise.all([
        ...caches.map((cache) => pullFirst(cache.read, retries)),
        ...extra.map((ref) => pullFirst([ref], retries)),
    ]);
    const refs = [...new Set(pulled.filter((ref) => ref !== undefined))];
    const ids = imageIds(refs);
    // awaited after the build; marked handled so that a failure waits for it
    ids.catch(() => undefined);
    return { cacheFrom: refs, ids };
}
/**
 * Whether a stage before the last may have a cache to read, asked only of BuildKit through buildx's
 * `docker` driver, where the stages may be built apart: the registry is asked for the earlier stages'
 * references in turn (one session per repository) up to the first it has, within 5 s; what it cannot
 * tell counts as yes.
 */
async function lookForEarlierCache(session, facts, logins) {
    if (facts.kind !== 'buildkit' || !facts.buildx)
        return true;
    const { caches, sources, extra, actions } = session;
    const extraRead = extra.filter((ref) => sources.cacheFrom.includes(ref));
    const question = (0,cache_plan/* earlierCacheQuestion */.f6)(caches, sources.cacheFrom, extraRead, actions?.restored);
    if (typeof question === 'boolean')
        return question;
    const found = await answerWithin(firstManifest(question, logins));
    if ('reason' in found)
        core/* info */.pq(`cache: could not tell whether a stage has a cache image (${found.reason})`);
    return !('missing' in found);
}
/** Reads the Dockerfile's stages and brings this run's cache sources. */
async function readCache(settings, image, context, facts, logins) {
    const text = (0,external_node_fs_.readFileSync)(settings.file, 'utf8');
    const parsed = parseStages(text, settings.buildArgs, settings.target);
    const builder = facts.kind;
    let mode = settings.cache;
    if (mode === 'actions' && !(await actionsCacheAvailable(process.env, builder === 'buildx')))
        mode = 'none';
    const home = {
        repository: settings.cacheRepository ?? image,
        key: (0,cache_plan/* resolveCacheKey */.CT)(settings.cacheKey, parsed, settings.target, settings.buildArgs, context),
    };
    const caches = (0,cache_plan/* stageCaches */.W1)(home, context, parsed, builder);
    const session = {
        mode,
        builder,
        parsed,
        caches,
        sources: { cacheFrom: [], ids: Promise.resolve(new Map()) },
        extra: [],
        earlierCache: Promise.resolve(false),
    };
    // A build with --no-cache would not use what it read; it still writes a fresh cache.
    if (mode === 'none' || (0,cache_plan/* noCacheFlags */.zm)(settings.noCache, context.event).noCache)
        return session;
    session.extra = settings.cacheFrom;
    if (mode === 'registry') {
        session.sources = await registrySources(builder, caches, settings.cacheFrom, settings.retries);
    }
    else {
        const keys = actionsCacheKeys(home.key ? `${home.repository.name}:${home.key}` : home.repository.name, text, context.branch, context.defaultBranch);
        const extra = await registrySources(builder, [], settings.cacheFrom, settings.retries);
        if (builder === 'buildx') {
            // buildx exports and imports its cache as a folder: it may not read images loaded into the daemon
            const { src } = buildxFolders();
            const restored = await restoreFolder(keys, src);
            session.actions = { keys, restored };
            session.sources = {
                cacheFrom: [...(restored ? [`type=local,src=${src}`] : []), ...extra.cacheFrom],
                ids: extra.ids,
            };
        }
        else {
            const restored = await restoreImages(keys);
            session.actions = { keys, restored: restored.key };
            session.sources = {
                cacheFrom: [...restored.ids.keys(), ...extra.cacheFrom],
                ids: extra.ids.then((ids) => new Map([...restored.ids, ...ids])),
            };
        }
    }
    core/* info */.pq(`cache: ${mode}, stages ${caches.map((cache) => cache.stage.key).join(', ')}; sources: ${session.sources.cacheFrom.join(', ') || 'none'}`);
    // asked while the build's facts settle; awaited by the build (a failure counts as yes)
    session.earlierCache = lookForEarlierCache(session, facts, logins).catch(() => true);
    return session;
}

;// CONCATENATED MODULE: ./lib/src/registry/push.js
// Push: only when the run may (`push` input, event) and the tests passed; transient registry failures
// are retried with backoff.






function pushPolicy(settings) {
    return { retries: settings.retries, deadline: Date.now() + settings.timeoutMs };
}
const PUSH_EVENTS = new Set([
    'push',
    'create',
    'release',
    'schedule',
    'workflow_dispatch',
    'repository_dispatch',
    'merge_group',
]);
/** Whether to push, and why, for the summary. */
function pushDecision(mode, event, testsPassed) {
    if (!testsPassed)
        return { push: false, why: 'the tests failed' };
    if (mode === 'false')
        return { push: false, why: 'push is false' };
    if (mode === 'true')
        return { push: true, why: 'push is true' };
    if (PUSH_EVENTS.has(event))
        return { push: true, why: `push is auto on a ${event} event` };
    return { push: false, why: `push is auto and this is a ${event} run` };
}
/** The digest `docker push` reports on its last line: `tag: digest: sha256:... size: N`. */
function parseDigest(output) {
    return /digest: (sha256:[0-9a-f]{64})/.exec(output)?.[1] ?? '';
}
async function pushOne(tag, policy) {
    const left = () => Math.max(1_000, policy.deadline - Date.now());
    const push = () => (0,exec/* run */.eF)(['docker', 'push', tag], { timeoutMs: left(), cancellable: true });
    const result = await (0,retry/* withRetries */.LH)(push, {
        retries: policy.retries,
        label: `push ${tag}`,
        until: policy.deadline,
    }).catch((error) => {
        throw error instanceof cancel/* CancelledError */.cc ? error : new Error(`push of ${tag}: ${(0,errors/* errorText */.kc)(error)}`);
    });
    core/* info */.pq(`pushed ${tag}`);
    return parseDigest(result.stdout);
}
/** Pushes tags at once, each with retries; the first digest reported. */
async function pushAtOnce(tags, policy) {
    const digests = await Promise.all(tags.map((tag) => pushOne(tag, policy)));
    return digests.find(Boolean) ?? '';
}
/**
 * Puts `tags` on the registry's manifest at `from` when it is the manifest of `imageId`
 * (tagInRegistry); else pushes them with docker, at once. The digest of what the tags point at.
 */
async function tagOrPush(from, tags, imageId, policy, logins) {
    if (tags.length === 0)
        return '';
    const tagged = await tagInRegistry(from, tags, imageId, logins);
    if ('digest' in tagged) {
        for (const tag of tags)
            core/* info */.pq(`pushed ${tag} (tagged in the registry)`);
        return tagged.digest;
    }
    core/* info */.pq(`push: not tagged in the registry (${tagged.reason}); docker push`);
    return pushAtOnce(tags, policy);
}
/**
 * Orders pushes into waves that run one after the other, the pushes of a wave at once: an image goes in
 * the wave after the last earlier image it shares a layer with that the registry may not have yet, so
 * no two pushes upload the same new layer at the same time. Layers in `pushed` are already there.
 */
function planPushWaves(images, pushed) {
    const waves = [];
    const waveOfLayer = new Map();
    for (const { ref, layers } of images) {
        const fresh = layers.filter((layer) => !pushed.has(layer));
        const wave = Math.max(-1, ...fresh.map((layer) => waveOfLayer.get(layer) ?? -1)) + 1;
        for (const layer of fresh)
            if (!waveOfLayer.has(layer))
                waveOfLayer.set(layer, wave);
        (waves[wave] ??= []).push(ref);
    }
    return waves;
}
/** The IDs and layers of local images, in the order asked. */
async function readLayers(refs) {
    if (refs.length === 0)
        return [];
    const format = '{{.Id}} {{json .RootFS.Layers}}';
    const result = await (0,exec/* run */.eF)(['docker', 'image', 'inspect', '--format', format, ...refs]);
    const lines = result.stdout.trim().split('\n');
    return refs.map((ref, index) => {
        const [id = '', layers = '[]'] = (lines[index] ?? '').split(' ');
        return { ref, id, layers: JSON.parse(layers) };
    });
}
/** What pushInWaves reads first: the layers of `refs` and then of `pushed`, if given. */
function readWaveLayers(refs, pushed) {
    return readLayers(pushed === undefined ? refs : [...refs, pushed.ref]);
}
/**
 * Pushes images in waves (planPushWaves). An image the registry has already (`pushed`, the image just
 * pushed under its first tag) is tagged in the registry rather than pushed, and its layers need no wave.
 * `read`: readWaveLayers of the same, started earlier.
 */
async function pushInWaves(refs, policy, pushed, read = readWaveLayers(refs, pushed)) {
    const images = [...(await read)];
    const done = new Set(pushed === undefined ? [] : (images.pop()?.layers ?? []));
    const same = pushed ? images.filter((image) => image.id === pushed.imageId) : [];
    const waves = planPushWaves(images.filter((image) => !same.includes(image)), done);
    await Promise.all([
        pushed &&
            tagOrPush(pushed.ref, same.map((image) => image.ref), pushed.imageId, policy, pushed.logins),
        (async () => {
            for (const wave of waves)
                await pushAtOnce(wave, policy);
        })(),
    ]);
}

;// CONCATENATED MODULE: ./lib/src/build/hits.js
const STEP = /^Step \d+\/\d+ : (\S+)/;
/** Legacy output: the steps of stage i run from its i-th FROM to the next; ARGs before the first FROM belong to none. */
function legacyStageHits(output, stages) {
    const rows = [];
    let current;
    let cachedNext = false;
    for (const raw of output.split(/\r?\n/)) {
        const line = raw.trim();
        const step = STEP.exec(line);
        if (step) {
            if (step[1]?.toUpperCase() === 'FROM') {
                current = { key: stages[rows.length]?.key ?? `stage-${rows.length}`, hits: 0, steps: 0, imageId: '' };
                rows.push(current);
            }
            else if (current) {
                current.steps++;
            }
            cachedNext = step[1]?.toUpperCase() !== 'FROM';
            continue;
        }
        if (!current)
            continue;
        if (line === '---> Using cache' && cachedNext) {
            current.hits++;
            cachedNext = false;
        }
        const id = /^---> ([0-9a-f]{12,64})$/.exec(line);
        if (id?.[1])
            current.imageId = id[1];
    }
    return rows;
}
/**
 * BuildKit output: vertices `#N [key i/n] INSTR ...` (`[i/n]` alone for a one-stage file; a bake's
 * `[target key i/n]`), each CACHED or not. `fallbackKey` names the stage of unlabelled vertices.
 */
function buildkitStageHits(output, fallbackKey) {
    const vertices = new Map();
    for (const raw of output.split(/\r?\n/)) {
        const line = raw.trim();
        const step = /^#(\d+) \[((?:\S+ )*)\d+\/\d+\] (\S+)/.exec(line);
        if (step?.[1] && step[3] && step[3].toUpperCase() !== 'FROM' && !vertices.has(step[1])) {
            const key = step[2]?.trim().split(' ').pop() || fallbackKey;
            vertices.set(step[1], { key, cached: false });
        }
        const cached = /^#(\d+) CACHED$/.exec(line);
        const vertex = cached?.[1] ? vertices.get(cached[1]) : undefined;
        if (vertex)
            vertex.cached = true;
    }
    const rows = new Map();
    for (const { key, cached } of vertices.values()) {
        const row = rows.get(key) ?? { key, hits: 0, steps: 0, imageId: '' };
        row.steps++;
        if (cached)
            row.hits++;
        rows.set(key, row);
    }
    return [...rows.values()];
}
/**
 * Cache references BuildKit tried and did not find: `importing cache manifest from R` then
 * `#4 ERROR: R: not found` (BuildKit of Docker 20.10), or `#4 ERROR: failed to configure registry cache
 * importer: R: not found` (buildx).
 */
function missingCacheRefs(output) {
    const missing = new Set();
    for (const match of output.matchAll(/^#\d+ ERROR: (?:failed to configure registry cache importer: )?(\S+): not found$/gm))
        if (match[1])
            missing.add(match[1]);
    return missing;
}
/** The per-stage rows for the stages berth reports, in Dockerfile order, zero rows for stages not printed. */
function stageHits(builder, output, stages, reported) {
    const last = stages[reported[reported.length - 1] ?? 0];
    const rows = builder === 'legacy'
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
function cacheExportError(output) {
    const vertex = /^#(\d+) exporting cache(?: to registry)?$/m.exec(output)?.[1];
    if (!vertex)
        return undefined;
    return new RegExp(`^#${vertex} ERROR: (.+)$`, 'm').exec(output)?.[1];
}

;// CONCATENATED MODULE: ./lib/src/build/image-build.js
// Build: one `docker build` with every cache reference, tagged with every tag, its ID read from a file.






/**
 * The legacy builder keeps its default `--rm`: the daemon removes each step's intermediate container
 * itself, and when it cannot (btrfs daemons that fail to remove a root file system) it prints
 * "Removing intermediate container ..." with the error and the build goes on. `--rm=false` would leave
 * every intermediate container behind on every daemon, and `--force-rm` only adds removals after
 * failed steps; neither makes the build depend less on removal. BuildKit uses no containers.
 */
function planBuild(request) {
    const argv = request.builder === 'buildx' ? ['docker', 'buildx', 'build'] : ['docker', 'build'];
    if (request.builder === 'buildx' && request.load !== false)
        argv.push('--load');
    const env = {};
    if (request.builder === 'buildkit')
        env.DOCKER_BUILDKIT = '1';
    if (request.builder === 'legacy')
        env.DOCKER_BUILDKIT = '0';
    if (request.builder !== 'legacy')
        argv.push('--progress', 'plain', '--build-arg', 'BUILDKIT_INLINE_CACHE=1');
    argv.push('--file', request.file, '--iidfile', request.iidFile);
    if (request.target)
        argv.push('--target', request.target);
    if (request.noCache)
        argv.push('--no-cache');
    if (request.pull)
        argv.push('--pull');
    for (const { key, value } of request.buildArgs) {
        argv.push('--build-arg', key);
        env[key] = value;
    }
    // the legacy builder would add a LABEL step to every stage: labelled() puts them on the image alone
    if (request.builder !== 'legacy')
        argv.push(...labelArgs(request.labels ?? {}));
    for (const tag of request.tags)
        argv.push('--tag', tag);
    for (const ref of request.cacheFrom)
        argv.push('--cache-from', ref);
    for (const ref of request.cacheTo ?? [])
        argv.push('--cache-to', ref);
    argv.push(request.context);
    return { argv, env };
}
function labelArgs(labels) {
    return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
}
/**
 * The legacy builder's labels: a build of `FROM <image>` alone (the Dockerfile on stdin, no context)
 * with `--label`, tagged with every tag. Given with the main build's `--label`, the legacy builder adds
 * a LABEL step to every stage, and a label that changes with each commit (`revision`, `created`) would
 * make every stage miss the cache and every stage cache image change.
 */
function planLabelled(imageId, labels, tags, iidFile, cacheFrom = []) {
    const argv = ['docker', 'build', '--iidfile', iidFile, ...labelArgs(labels)];
    // the final stage's cache image is the labelled image of an earlier run: the same labels hit it
    for (const ref of cacheFrom)
        argv.push('--cache-from', ref);
    for (const tag of tags)
        argv.push('--tag', tag);
    return { argv: [...argv, '-'], env: { DOCKER_BUILDKIT: '0' }, stdin: `FROM ${imageId}\n` };
}
/** Runs planLabelled: the ID of the labelled image. */
async function labelled(imageId, labels, tags, cacheFrom) {
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_.join((0,external_node_os_.tmpdir)(), 'berth-build-'));
    try {
        const plan = planLabelled(imageId, labels, tags, external_node_path_.join(dir, 'iid'), cacheFrom);
        await (0,exec/* run */.eF)(plan.argv, { env: plan.env, stdin: plan.stdin, cancellable: true });
        return (0,external_node_fs_.readFileSync)(external_node_path_.join(dir, 'iid'), 'utf8').trim();
    }
    finally {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}
/**
 * Runs a build; its output streams to the log unless `quiet` (a stage cache image made from the local
 * cache beside the tests, whose output would only interleave with theirs; a failure still shows its tail).
 */
async function build(request, { quiet = false } = {}) {
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_.join((0,external_node_os_.tmpdir)(), 'berth-build-'));
    try {
        const plan = planBuild({ ...request, iidFile: external_node_path_.join(dir, 'iid') });
        const result = await (0,exec/* run */.eF)(plan.argv, {
            env: plan.env,
            stream: !quiet,
            untrustedOutput: true,
            cancellable: true,
        });
        const output = `${result.stdout}\n${result.stderr}`;
        const iid = external_node_path_.join(dir, 'iid');
        // a buildx cache export that loads nothing may write no ID
        const imageId = (0,external_node_fs_.existsSync)(iid) ? (0,external_node_fs_.readFileSync)(iid, 'utf8').trim() : '';
        return { imageId, output };
    }
    finally {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}
/** The one build the tests use, with every cache source; per-stage rows read from its output. */
async function buildWithCache(request, parsed, caches, sources, extra) {
    const built = await build({ ...request, cacheFrom: (0,cache_plan/* cacheFromArgs */.A3)(request.builder, sources.cacheFrom) });
    const labels = request.labels ?? {};
    if (request.builder === 'legacy' && built.imageId && Object.keys(labels).length > 0)
        built.imageId = await labelled(built.imageId, labels, request.tags, sources.cacheFrom);
    const ids = await sources.ids;
    const missing = missingCacheRefs(built.output);
    const found = (ref) => request.builder === 'legacy' || ids.size > 0
        ? ids.has(ref)
        : sources.cacheFrom.includes(ref) && !missing.has(ref);
    const rows = stageHits(request.builder, built.output, parsed.stages, caches.map((cache) => cache.stage.index));
    return { ...built, rows: (0,cache_plan/* creditHits */.mT)(caches, rows, found, extra) };
}
/** The summary section: per stage, the reference that served it and its steps from cache. */
function cacheSection(built) {
    return { heading: 'Build cache', rows: (0,cache_plan/* cacheTable */.dN)(built.rows) };
}

;// CONCATENATED MODULE: ./lib/src/build/waves.js
// Stages built apart, in waves, where one build's inline caches shadow each other: buildx's `docker`
// driver on the classic image store (engine 23 and later). Given every stage's inline-cache image in
// one build, its BuildKit lets the records of a later stage's image (which name the earlier stages'
// steps without their layers) shadow the earlier stages' own images: measured on engine 28, a code
// change took 0 of 10 steps from the cache, and which steps hit changed from run to run (a `bake` of
// one target per stage, linked by `target:` contexts, shadowed the same way). Built one stage at a time,
// each with its own cache image alone, every unchanged stage hits, and the local build cache carries
// each stage into the next. The stages of a wave need only stages of earlier waves, so they build
// together, as one bake of a target each (planBake); each stage build leaves its cache image tagged,
// ready to push.







/**
 * The stages in waves: a stage goes in the wave after the last of the stages it needs. Only `indexes`
 * (the stages the target needs) are placed; the order inside a wave is the Dockerfile's.
 */
function stageWaves(parsed, indexes) {
    const wanted = new Set(indexes);
    const level = new Map();
    for (const index of [...indexes].sort((a, b) => a - b)) {
        const needs = parsed.stages[index]?.needs.filter((need) => wanted.has(need)) ?? [];
        level.set(index, Math.max(-1, ...needs.map((need) => level.get(need) ?? 0)) + 1);
    }
    const waves = [];
    for (const [index, wave] of [...level].sort((a, b) => a[0] - b[0]))
        (waves[wave] ??= []).push(index);
    return waves.filter((wave) => wave.length > 0);
}
/**
 * Whether the stages are built apart: BuildKit through buildx's `docker` driver (inline caches only),
 * more than one stage, and a name on every stage before the last (`--target` takes a name). A build
 * that reads no cache (`--no-cache`, `cache: none`: `noCache`) stays one build.
 */
function buildsApart(facts, caches, noCache) {
    if (facts.kind !== 'buildkit' || !facts.buildx || noCache || caches.length < 2)
        return false;
    return caches.slice(0, -1).every((cache) => cache.stage.name !== '');
}
/** The row of `index` from the output of the build that targeted it. */
function rowOf(output, parsed, index) {
    const [row] = stageHits('buildkit', output, parsed.stages, [index]);
    return row ?? { key: parsed.stages[index]?.key ?? `stage-${index}`, hits: 0, steps: 0, imageId: '' };
}
/**
 * A wave of several stages as one `docker buildx bake`: one target per stage, each a solve of its own
 * with its own cache image alone, so they shadow each other no more than separate builds would. Seven
 * stages took 0.9 s as one bake and 2.6 s as seven builds side by side (engine 28, 2 busy cores). The
 * definition goes on stdin (build-arg values stay out of argv); the context is read without bake's
 * file-system entitlement check, as `docker build` reads it.
 */
function planBake(request, stages) {
    const args = Object.fromEntries([
        ['BUILDKIT_INLINE_CACHE', '1'],
        ...request.buildArgs.map(({ key, value }) => [key, literal(value)]),
    ]);
    const labels = Object.fromEntries(Object.entries(request.labels ?? {}).map(([key, value]) => [key, literal(value)]));
    // keys bake accepts ([a-zA-Z0-9_-]); a stage's name may have a dot
    const targets = Object.fromEntries(stages.map((stage, index) => [
        `s${index}`,
        {
            context: request.context,
            dockerfile: request.file,
            target: stage.target,
            tags: [stage.tag],
            'cache-from': stage.cacheFrom,
            args,
            labels,
        },
    ]));
    const definition = {
        group: { default: { targets: Object.keys(targets) } },
        target: targets,
    };
    return {
        argv: ['docker', 'buildx', 'bake', '--file', '-', '--progress', 'plain'],
        env: { BUILDX_BAKE_ENTITLEMENTS_FS: '0' },
        stdin: JSON.stringify(definition),
    };
}
/**
 * A value as bake reads it: bake decodes its JSON as HCL, where `${...}` and `%{...}` in a string are
 * templates; doubled, they stand for themselves, so the stages get the very values the last stage does.
 */
function literal(value) {
    return value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
}
/** The stages as plain builds side by side, their output not streamed (it would interleave). */
function buildEach(request, stages) {
    return Promise.all(stages.map((stage) => build({ ...request, target: stage.target, tags: [stage.tag], cacheFrom: stage.cacheFrom }, { quiet: true })));
}
/**
 * Runs planBake; its output (streamed to the log unless `quiet`). When bake fails before it builds (a
 * buildx that cannot read the definition), the stages build side by side as plain builds; a build that
 * fails fails the run.
 */
async function bakeWave(request, stages, { quiet = false } = {}) {
    const plan = planBake(request, stages);
    try {
        const result = await (0,exec/* run */.eF)(plan.argv, {
            env: plan.env,
            stdin: plan.stdin,
            stream: !quiet,
            untrustedOutput: true,
            cancellable: true,
        });
        return `${result.stdout}\n${result.stderr}`;
    }
    catch (error) {
        // a vertex after #1 (the definition) means bake built, and the failure is the build's
        if (error instanceof cancel/* CancelledError */.cc || /^#(?:[2-9]|\d{2,}) /m.test((0,errors/* errorText */.kc)(error)))
            throw error;
        core/* info */.pq(`build: bake failed (${(0,errors/* errorText */.kc)(error)}); building the stages one by one`);
        const results = await buildEach(request, stages);
        if (!quiet)
            for (const [index, result] of results.entries())
                core/* info */.pq(`stage ${stages[index]?.target ?? ''}:\n${result.output.trim()}`);
        return results.map((result) => result.output).join('\n');
    }
}
/**
 * Builds every stage before the last as its own target, wave after wave, each with its own cache image
 * and `cache-from` alone (and tagged with the reference its cache image goes to, when the run writes
 * one), then the last stage the same way: one row per stage, from the build that targeted it.
 */
async function buildInWaves(request, parsed, caches, sources, extra) {
    const available = (refs) => (0,cache_plan/* cacheFromArgs */.A3)('buildkit', refs.filter((ref) => sources.cacheFrom.includes(ref)));
    const last = caches[caches.length - 1];
    const byIndex = new Map(caches.map((cache) => [cache.stage.index, cache]));
    const outputs = new Map();
    const earlier = caches.slice(0, -1).map((cache) => cache.stage.index);
    for (const wave of stageWaves(parsed, earlier)) {
        const stages = wave.map((index) => byIndex.get(index));
        if (stages.length > 1 && stages.every((cache) => cache.write)) {
            const output = await bakeWave(request, stages.map((cache) => ({
                target: cache.stage.name,
                tag: cache.write,
                cacheFrom: available([...cache.read, ...extra]),
            })));
            for (const cache of stages)
                outputs.set(cache.stage.index, { imageId: '', output });
            continue;
        }
        // without a tag to give every stage, side by side: each build's output shown once it is done
        const quiet = stages.length > 1;
        await Promise.all(stages.map(async (cache) => {
            const stage = {
                ...request,
                target: cache.stage.name,
                tags: cache.write ? [cache.write] : [],
                cacheFrom: available([...cache.read, ...extra]),
            };
            const result = await build(stage, { quiet });
            if (quiet)
                core/* info */.pq(`stage ${cache.stage.key}:\n${result.output.trim()}`);
            outputs.set(cache.stage.index, result);
        }));
    }
    const final = await build({ ...request, cacheFrom: available([...last.read, ...extra]) });
    outputs.set(last.stage.index, final);
    const rows = caches.map((cache) => rowOf(outputs.get(cache.stage.index)?.output ?? '', parsed, cache.stage.index));
    const output = [...new Set([...outputs.values()].map((result) => result.output))].join('\n');
    const missing = missingCacheRefs(output);
    const found = (ref) => sources.cacheFrom.includes(ref) && !missing.has(ref);
    const tagged = new Set(caches.slice(0, -1).flatMap((cache) => (cache.write ? [cache.write] : [])));
    return { imageId: final.imageId, output, rows: (0,cache_plan/* creditHits */.mT)(caches, rows, found, extra), tagged };
}

;// CONCATENATED MODULE: ./lib/src/build/cache-write.js
// Cache, write side: once the build is done, each changed stage gets its cache image under this
// branch's reference (tagged, or built from the local cache as its own target) while the tests run;
// when they pass, the images are pushed in waves, exported by buildx, or saved to the Actions cache.










/**
 * Gives each changed stage its cache image under the write reference: the final image itself, the
 * legacy builder's stage image by ID, or (BuildKit) a build of the stage as its own target, served by
 * the local cache the first build left. Returns the references to push.
 */
async function tagChangedStages(request, caches, built, sources, bake) {
    const missing = missingCacheRefs(built.output);
    const ids = await sources.ids;
    const last = caches[caches.length - 1]?.stage.index;
    const changed = caches.flatMap((cache, index) => {
        const stageRow = built.rows[index];
        if (!stageRow || !cache.write)
            return [];
        // the final stage's cache image is the image itself (with its labels, which the legacy builder puts on after)
        const row = cache.stage.index === last ? { ...stageRow, imageId: built.imageId.replace(/^sha256:/, '') } : stageRow;
        const existing = ids.get(cache.write) ??
            (sources.cacheFrom.includes(cache.write) && !missing.has(cache.write) ? '' : undefined);
        if ((0,cache_plan/* needsPush */.II)(request.builder, cache, row, existing))
            return [{ cache, row, write: cache.write }];
        core/* info */.pq(`cache: ${cache.write} unchanged, not pushed again`);
        return [];
    });
    // All at once: tags are instant, and BuildKit serves each stage build from the local cache.
    const tags = [];
    const builds = [];
    for (const { cache, row, write } of changed) {
        if (cache.stage.index === last)
            tags.push((0,exec/* run */.eF)(['docker', 'tag', built.imageId, write]));
        else if (request.builder === 'legacy' && row.imageId)
            tags.push((0,exec/* run */.eF)(['docker', 'tag', row.imageId, write]));
        else if (!built.tagged?.has(write))
            builds.push({ target: cache.stage.key, tag: write, cacheFrom: [] });
    }
    await Promise.all([...tags, buildStageImages(request, builds, bake)]);
    return changed.map(({ write }) => write);
}
/**
 * Builds stage images from the local cache, each stage as its own target: one bake with buildx (seven
 * stages took 0.9 s as one bake and 2.6 s as seven builds side by side, waves.ts), else side by side.
 */
async function buildStageImages(request, stages, bake) {
    const fresh = { ...request, noCache: false, pull: false };
    return bake && stages.length > 1 ? bakeWave(fresh, stages, { quiet: true }) : buildEach(fresh, stages);
}
/** buildx: one export of every stage's cache (mode=max) to this branch's reference, served by the local cache. */
async function exportBuildxCache(request, sources, cacheTo) {
    const exportOnce = () => build({
        ...request,
        tags: [],
        load: false,
        cacheFrom: (0,cache_plan/* cacheFromArgs */.A3)('buildx', sources.cacheFrom),
        cacheTo: [cacheTo],
    });
    // on the containerd store the export now and then reads a layer blob the store no longer holds
    // ("error writing layer blob ... not found", seen now and then in the CI scenarios of ten stages):
    // one more try, then a warning from writeCache
    await exportOnce().catch(async (error) => {
        if (!/not found/i.test((0,errors/* errorText */.kc)(error)))
            throw error;
        core/* info */.pq(`cache: the export lost a layer (${(0,errors/* errorText */.kc)(error)}); exporting again`);
        await exportOnce();
    });
}
/**
 * buildx keeps every stage in one registry cache: exported again only when a step missed the cache or
 * this branch had none yet. The reference to export, if any.
 */
function buildxCacheChanged(session, built) {
    const write = session.caches[0]?.write;
    if (!write)
        return [];
    const failed = cacheExportError(built.output);
    if (failed)
        throw new Error(`the build's export of ${write} failed: ${failed}`);
    const found = session.actions
        ? session.actions.restored !== ''
        : session.sources.cacheFrom.includes(write) && !missingCacheRefs(built.output).has(write);
    if (found && built.rows.every((row) => row.hits === row.steps)) {
        core/* info */.pq(`cache: ${write} unchanged, not exported again`);
        return [];
    }
    return [write];
}
/**
 * Gives each changed stage its cache image under its write reference (BuildKit builds the stage as its
 * own target, served by the local cache): the references to write. buildx writes all stages at once.
 */
async function stageCacheImages(session, request, built, bake) {
    if (session.mode === 'none')
        return [];
    if (request.builder === 'buildx')
        return buildxCacheChanged(session, built);
    return tagChangedStages(request, session.caches, built, session.sources, bake);
}
/**
 * Writes them: pushed to the registry (buildx: one cache export), or saved to the Actions cache.
 * `pushed`: an image the registry has already (pushInWaves tags it there rather than pushing it);
 * `read`: pushInWaves' reading of the layers, started earlier. Never throws: a cache that cannot be
 * written is a warning, and the image is pushed all the same.
 */
async function writeCache(session, request, ready, policy, pushed, read) {
    const { refs } = ready;
    const [first] = refs;
    if (!first)
        return ready;
    try {
        if (request.builder === 'buildx' && session.mode === 'registry') {
            // exported by the build itself (buildCacheTo), else by a build of its own
            if (!request.cacheTo?.length)
                await exportBuildxCache(request, session.sources, (0,cache_plan/* buildxCacheTo */.SE)(first));
        }
        else if (request.builder === 'buildx' && session.actions) {
            const { src, dest } = buildxFolders();
            (0,external_node_fs_.rmSync)(dest, { recursive: true, force: true });
            await exportBuildxCache(request, session.sources, `type=local,dest=${dest},mode=max`);
            await saveFolder(session.actions.keys, dest, src, session.actions.restored);
        }
        else if (session.mode === 'registry') {
            await pushInWaves(refs, policy, pushed, read);
        }
        else if (session.actions) {
            const all = session.caches.flatMap((cache) => (cache.write ? [cache.write] : []));
            await saveImages(session.actions.keys, all, session.actions.restored);
        }
        return { refs };
    }
    catch (error) {
        const failure = (0,errors/* errorText */.kc)(error);
        core/* warning */.$e(`cache: the stage cache was not written (${failure}); the image is not affected`);
        return { refs: [], failure };
    }
}
/**
 * Starts making the stage cache images ready (`bake`: buildx can build several stages in one bake);
 * awaited when the tests pass, and by the checks either way. Never rejects: a failure is a warning, and
 * no cache image is written.
 */
function prepareCache(session, request, built, bake) {
    const ready = stageCacheImages(session, request, built, bake).then((refs) => ({ refs }), (error) => {
        const failure = (0,errors/* errorText */.kc)(error);
        core/* warning */.$e(`cache: the stage cache images could not be made (${failure}); none is written`);
        return { refs: [], failure };
    });
    return { session, request, ready };
}
/** Whether the build the tests use exported the cache itself (buildx, `--cache-to`), tests or not. */
function exportedByBuild(cache) {
    return cache.request.builder === 'buildx' && (cache.request.cacheTo?.length ?? 0) > 0;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/@balena/dockerignore/ignore.js
var ignore = __webpack_require__(4158);
;// CONCATENATED MODULE: ./lib/src/build/tree-key.js
// The tree key: a digest of everything a build of this commit reads, so that a commit whose tree was
// already built, tested and pushed (a re-run, a fast-forward merge, a merge queue's commit, a change
// to files the build never sees) is not built again. It covers the files of the context as
// `.dockerignore` selects them (path, kind, executable bit, content), the Dockerfile, the target, the
// build args and the references of the base images. A base image's reference, not its digest: a tag
// that moves is picked up by the scheduled rebuilds (`no-cache: auto`), which always build.
//
// The key is recorded as a tag of the image's own repository, `tree-<key>`, put on the tested manifest
// once the tests passed and the image was pushed. A tag rather than a label: a label is in the image
// before its tests run, so it cannot say "tested"; a tag is found with one manifest request without
// knowing which image to look at, and costs no upload (one PUT of a manifest the registry has).
// .dockerignore's rules are Docker's own (`**`, `!` exceptions): @balena/dockerignore implements
// them as the Docker CLI and BuildKit do.










/** The tag that records a tested tree. */
const treeTag = (key) => `tree-${key}`;
/** The `.dockerignore` rules of a context (BuildKit also reads `<Dockerfile>.dockerignore` first). */
async function ignoreRules(inputs) {
    for (const name of [`${inputs.file}.dockerignore`, external_node_path_.join(inputs.context, '.dockerignore')]) {
        const text = await (0,promises_.readFile)(name, 'utf8').catch(() => undefined);
        if (text !== undefined)
            return text
                .split(/\r?\n/)
                .map((line) => line.trim())
                .filter((line) => line && !line.startsWith('#'));
    }
    return [];
}
/** The context's files the build can see, relative with `/`, sorted; directories left out whole when no rule can bring a file back. */
async function contextFiles(context, rules) {
    // a CommonJS module whose function is also its own `default`, the name its types give it
    const matcher = ignore["default"]().add([...rules]);
    const exceptions = rules.some((rule) => rule.startsWith('!'));
    const found = [];
    const walk = async (dir) => {
        const entries = await (0,promises_.readdir)(external_node_path_.join(context, dir), { withFileTypes: true });
        for (const entry of entries) {
            const relative = dir ? `${dir}/${entry.name}` : entry.name;
            const ignored = matcher.ignores(relative);
            if (entry.isDirectory()) {
                if (!ignored || exceptions)
                    await walk(relative);
            }
            else if (!ignored) {
                found.push(relative);
            }
        }
    };
    await walk('');
    return found.sort();
}
function fileDigest(file) {
    return new Promise((resolve, reject) => {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        (0,external_node_fs_.createReadStream)(file)
            .on('data', (chunk) => hash.update(chunk))
            .on('end', () => resolve(hash.digest('hex')))
            .on('error', reject);
    });
}
/** The base images the target's stages start from (not other stages), in stage order. */
function baseReferences(parsed) {
    const names = new Set(parsed.stages.flatMap((stage) => [stage.name, String(stage.index)]));
    return parsed.needed
        .map((index) => parsed.stages[index]?.base ?? '')
        .filter((base) => base && !names.has(base.toLowerCase()));
}
/** The key of what a build of `inputs` reads: 64 hex digits. */
async function treeKey(inputs, parsed) {
    const hash = (0,external_node_crypto_.createHash)('sha256').update('berth tree 1\n');
    const line = (...parts) => void hash.update(`${parts.join('\0')}\n`);
    line('dockerfile', await fileDigest(inputs.file));
    line('target', inputs.target);
    for (const { key, value } of [...inputs.buildArgs].sort((a, b) => a.key.localeCompare(b.key)))
        line('arg', key, value);
    for (const base of baseReferences(parsed))
        line('base', base);
    for (const relative of await contextFiles(inputs.context, await ignoreRules(inputs))) {
        const file = external_node_path_.join(inputs.context, relative);
        const stat = await (0,promises_.lstat)(file);
        if (stat.isSymbolicLink())
            line('link', relative, await (0,promises_.readlink)(file));
        else if (stat.isFile())
            line('file', relative, String(stat.mode & 0o111 ? 1 : 0), await fileDigest(file));
    }
    return hash.digest('hex');
}
/**
 * The tree key of this build and, unless a rebuild is asked for (`tested-tree: build`, `no-cache`, a
 * scheduled run with `no-cache: auto`), the tested image of the same tree in the registry. The run's
 * context is awaited only once the key is made: the key is hashed while git is asked for it.
 */
async function findTestedTree(settings, image, context, logins, env = process.env) {
    const parsed = parseStages(await (0,promises_.readFile)(settings.file, 'utf8'), settings.buildArgs, settings.target);
    const key = await treeKey(settings, parsed);
    const reference = `${image.name}:${treeTag(key)}`;
    if (settings.testedTree === 'build')
        return { key };
    if ((0,cache_plan/* noCacheFlags */.zm)(settings.noCache, (await context).event).noCache)
        return { key };
    const found = await answerWithin(findManifest(reference, logins, env));
    if ('reason' in found)
        core/* info */.pq(`tested tree: could not look for ${reference} (${found.reason}); building`);
    if (!('digest' in found))
        return { key };
    const why = `this tree (key ${key.slice(0, 12)}) was built, tested and pushed before as ${reference}: pulled, not built again`;
    return { key, reuse: { reference, why } };
}
/** Records a tested, pushed image as its tree's: the tag `tree-<key>` on the manifest `digest`. */
async function recordTestedTree(image, key, pushed, logins) {
    const tag = `${image.name}:${treeTag(key)}`;
    const tagged = await tagInRegistry(`${image.name}@${pushed.digest}`, [tag], pushed.imageId, logins);
    if ('reason' in tagged)
        core/* warning */.$e(`tested tree: ${tag} not recorded (${tagged.reason}): the next run of this tree builds it`);
    else
        core/* info */.pq(`tested tree: recorded as ${tag}`);
}

;// CONCATENATED MODULE: ./lib/src/build/labels.js
const OCI = 'org.opencontainers.image';
/** The labels of a run's image, by key, empty values left out; `extra` last, so it wins. */
function imageLabels(context, version, extra) {
    const { source } = context;
    const computed = [
        [`${OCI}.source`, source.url],
        [`${OCI}.url`, source.url],
        [`${OCI}.revision`, context.sha],
        [`${OCI}.version`, version],
        [`${OCI}.title`, source.title],
        [`${OCI}.licenses`, source.license],
        [`${OCI}.created`, source.created],
    ];
    const labels = Object.fromEntries(computed.filter(([, value]) => value));
    for (const { key, value } of extra)
        labels[key] = value;
    return labels;
}

// EXTERNAL MODULE: ./lib/src/core/report.js
var core_report = __webpack_require__(5296);
// EXTERNAL MODULE: ./lib/src/detect/early.js
var detect_early = __webpack_require__(9959);
// EXTERNAL MODULE: ./node_modules/ci-info/index.js
var ci_info = __webpack_require__(5435);
;// CONCATENATED MODULE: ./lib/src/detect/ci.js
function isAct(env) {
    return env.ACT === 'true' || (env.GITHUB_EVENT_PATH ?? '').startsWith('/var/run/act/');
}
function github(env) {
    if ((env.GITHUB_WORKSPACE ?? '').startsWith('/__w/'))
        return {
            kind: 'github-container',
            vendor: 'GitHub Actions',
            detail: 'job container, workspace under /__w',
        };
    if (env.RUNNER_ENVIRONMENT === 'github-hosted')
        return { kind: 'github-hosted', vendor: 'GitHub Actions', detail: 'GitHub-hosted runner' };
    const detail = env.RUNNER_ENVIRONMENT
        ? 'self-hosted runner'
        : 'runner kind not given (RUNNER_ENVIRONMENT unset)';
    return { kind: 'github-self-hosted', vendor: 'GitHub Actions', detail };
}
function gitlab(env) {
    let detail = 'executor kind not given';
    if (env.CI_DISPOSABLE_ENVIRONMENT === 'true')
        detail = 'disposable environment (docker, kubernetes ... executor)';
    if (env.CI_SHARED_ENVIRONMENT === 'true')
        detail = 'shared environment (shell or ssh executor)';
    return { kind: 'gitlab', vendor: 'GitLab CI', detail };
}
function circleci(env) {
    const remote = /^tcp:\/\//.test(env.DOCKER_HOST ?? '');
    return {
        kind: 'circleci',
        vendor: 'CircleCI',
        detail: remote ? 'remote docker (setup_remote_docker)' : 'no remote docker in DOCKER_HOST',
    };
}
function detectCi(env, vendor) {
    if (isAct(env))
        return { kind: 'act', vendor: 'act', detail: 'GitHub Actions run locally by nektos/act' };
    if (env.GITHUB_ACTIONS === 'true' && !env.GITEA_ACTIONS)
        return github(env);
    if (env.GITLAB_CI)
        return gitlab(env);
    if (env.CIRCLECI)
        return circleci(env);
    if (vendor.name || vendor.isCI)
        return { kind: 'other', vendor: vendor.name ?? 'unknown CI', detail: '' };
    return { kind: 'local', vendor: 'none', detail: 'not in a CI' };
}

;// CONCATENATED MODULE: ./lib/src/detect/builder.js
// Which builder berth uses, and so which cache: the client's builder (buildx and its current builder's
// driver, BuildKit built into a client before 23.0, or the legacy builder) and the daemon's image
// store. BuildKit can export a cache to a registry (`--cache-to type=registry`) through any buildx
// driver but `docker`, and through the `docker` driver only on the containerd image store; elsewhere
// ("Cache export is not supported for the docker driver") berth keeps one image per stage with its
// cache inline. The parsers and the choice are pure; `readBuilder` asks the client.


/** `docker buildx inspect`: `Name:` and `Driver:` of the current builder; undefined when it is not there. */
function parseBuildxInspect(text) {
    const field = (name) => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(text)?.[1]?.trim() ?? '';
    const driver = field('Driver');
    return driver ? { name: field('Name') || 'default', driver } : undefined;
}
/** The image store `docker info`'s DriverStatus pairs name: the containerd store names its snapshotter. */
function imageStoreOf(pairs) {
    const type = (pairs ?? []).find(([key]) => key === 'driver-type')?.[1] ?? '';
    return type.startsWith('io.containerd.snapshotter') ? 'containerd' : 'classic';
}
/**
 * Picks the builder. DOCKER_BUILDKIT=0 asks for the legacy builder. With buildx, a registry cache where
 * the driver (or the containerd store) can export one, else inline caches; without buildx, BuildKit
 * when the client has it built in (before 23.0), else the legacy builder.
 */
function chooseBuilder(clientVersion, buildx, imageStore, buildkitEnv) {
    const none = { buildx: null, imageStore, cacheExport: false };
    if (buildkitEnv === '0' || buildkitEnv === 'false')
        return { kind: 'legacy', ...none };
    if (buildx) {
        const cacheExport = buildx.driver !== 'docker' || imageStore === 'containerd';
        return { kind: cacheExport ? 'buildx' : 'buildkit', buildx, imageStore, cacheExport };
    }
    const major = Number(clientVersion.split('.')[0]);
    const builtIn = Number.isFinite(major) && major > 0 && major < 23;
    return { kind: builtIn ? 'buildkit' : 'legacy', ...none };
}
/** One question, answered early if it was asked while the step loaded. */
async function ask(argv, env) {
    const result = await ((0,detect_early/* earlyAnswer */.sK)(argv, env) ??
        (0,exec/* run */.eF)(argv, { env, allowFailure: true, timeoutMs: detect_early/* QUESTION_TIMEOUT_MS */.ib }));
    return result.exitCode === 0 ? result.stdout : undefined;
}
/**
 * The client's buildx builder: its default one where buildx can use no other (early.ts) and docker
 * info lists buildx among the client's plugins, else the one `docker buildx inspect` names. When that
 * builder's driver is `docker`, the daemon's image store comes from `daemon` (the one `docker info` of
 * the run, which the daemon checks read too; null when it could not be asked); `env` points at the
 * daemon found. Never throws: what cannot be asked is absent.
 */
async function readBuilder(clientVersion, env, daemon) {
    const buildkitEnv = process.env.DOCKER_BUILDKIT;
    if (buildkitEnv === '0' || buildkitEnv === 'false')
        return chooseBuilder(clientVersion, undefined, null, buildkitEnv);
    // both questions at once: the image store is wanted by the checks whatever the driver
    const store = daemon.imageStore();
    const buildx = (0,detect_early/* buildxUntouched */.y0)(process.env) ? await defaultBuildx(daemon, env) : await inspectBuildx(env);
    const storeOfDriver = buildx?.driver === 'docker' ? await store : null;
    return chooseBuilder(clientVersion, buildx, storeOfDriver, buildkitEnv);
}
/** The current builder, as `docker buildx inspect` names it; undefined without buildx. */
async function inspectBuildx(env) {
    const inspect = await ask(detect_early/* BUILDX_INSPECT */.IS, env);
    return inspect === undefined ? undefined : parseBuildxInspect(inspect);
}
/** buildx's default builder when the client lists buildx among its plugins (else inspect asks). */
async function defaultBuildx(daemon, env) {
    const plugins = await daemon.plugins();
    if (!plugins)
        return inspectBuildx(env);
    return plugins.includes('buildx') ? { name: 'default', driver: 'docker' } : undefined;
}

// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io.js
var io = __webpack_require__(8701);
;// CONCATENATED MODULE: ./lib/src/detect/facts.js
// What the daemon and the client are: versions, storage, rootless, cgroups, OS, builder and compose.
// The parsers and the warnings are pure; `readInfo` asks `docker info` (once a run: the builder choice
// reads its image store) and `readDaemonFacts` the few commands that feed the rest.





/** The compose plugin's version as the client lists its plugins in `docker info`; undefined: none. */
function composePlugin(info) {
    const plugin = (info.ClientInfo?.Plugins ?? []).find(({ Name, Err }) => Name === 'compose' && !Err);
    return plugin ? plugin.Version || 'unknown' : undefined;
}
/**
 * The client plugins that load, as `docker info` lists them; undefined when it cannot tell (no client
 * section, as from a client that is not Docker's, or an error while the client looked for them).
 */
function clientPlugins(info) {
    const client = info?.ClientInfo;
    if (!client || (client.ClientErrors ?? []).length > 0)
        return undefined;
    return (client.Plugins ?? []).flatMap(({ Name, Err }) => (Name && !Err ? [Name] : []));
}
function parseFacts(version, info) {
    return {
        clientVersion: version.Client?.Version ?? '',
        clientApiVersion: version.Client?.DefaultAPIVersion ?? version.Client?.ApiVersion ?? '',
        serverVersion: version.Server?.Version ?? '',
        apiVersion: version.Server?.ApiVersion ?? '',
        os: info.OperatingSystem ?? '',
        storageDriver: info.Driver ?? '',
        rootless: (info.SecurityOptions ?? []).some((option) => option.includes('name=rootless')),
        cgroupVersion: info.CgroupVersion ?? '',
        rootDir: info.DockerRootDir ?? '',
        containerdStore: imageStoreOf(info.DriverStatus) === 'containerd',
    };
}
function numbers(version) {
    return version.split(/[.+~-]/).map((part) => Number.parseInt(part, 10));
}
/** Compares dotted versions numerically: negative when a is older. */
function compareVersions(a, b) {
    const [x, y] = [numbers(a), numbers(b)];
    for (let index = 0; index < Math.max(x.length, y.length); index++) {
        const difference = (x[index] || 0) - (y[index] || 0);
        if (difference !== 0)
            return difference;
    }
    return 0;
}
/** Warnings a person should read: a client ahead of the server, a slow or unusual storage driver. */
function factWarnings(facts) {
    const warnings = [];
    const { clientApiVersion, apiVersion, clientVersion, serverVersion } = facts;
    if (clientApiVersion && apiVersion && compareVersions(clientApiVersion, apiVersion) > 0)
        warnings.push(`the docker client speaks API ${clientApiVersion}, the daemon only ${apiVersion}: the client downgrades, and features newer than the daemon are not there`);
    const [clientMajor, serverMajor] = [numbers(clientVersion)[0], numbers(serverVersion)[0]];
    if (clientMajor && serverMajor && clientMajor !== serverMajor)
        warnings.push(`docker client ${clientVersion} and daemon ${serverVersion} differ by a major version`);
    if (facts.storageDriver === 'vfs')
        warnings.push('the daemon uses the vfs storage driver: every layer is a full copy, builds are slow');
    return warnings;
}
/** Compose from `docker compose version --short` (plugin) or `docker-compose version --short`. */
function composeKind(plugin, standalone) {
    if (plugin)
        return { kind: 'plugin', version: plugin.replace(/^v/, '') };
    if (!standalone)
        return { kind: 'none', version: '' };
    const version = standalone.replace(/^v/, '');
    return { kind: version.startsWith('1.') ? 'v1' : 'standalone', version };
}
/** A compiled program (ELF) is compose v2; anything else on PATH as docker-compose is the Python v1. */
function isCompiled(head) {
    return head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}
function fileHead(file) {
    const head = new Uint8Array(4);
    const fd = (0,external_node_fs_.openSync)(file, 'r');
    try {
        (0,external_node_fs_.readSync)(fd, head, 0, 4, 0);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
    return head;
}
/**
 * The client's compose: the plugin when `docker info` lists it; else a standalone docker-compose, asked
 * for its version only when it is compiled (v2), since v1 is a Python program that takes a second of a
 * core to print it, on the cores the tests are using.
 */
async function readCompose(plugin) {
    if (plugin)
        return composeKind(plugin, undefined);
    const standalone = await io/* which */.K7('docker-compose', false);
    if (!standalone)
        return composeKind(undefined, undefined);
    let head;
    try {
        head = fileHead(standalone);
    }
    catch {
        return { kind: 'standalone', version: '' }; // there, but not readable: not asked
    }
    if (!isCompiled(head))
        return { kind: 'v1', version: '' };
    return composeKind(undefined, await firstLine(['docker-compose', 'version', '--short']));
}
// beside the tests: at a lower priority (core/spawn.ts)
const QUICK = { allowFailure: true, timeoutMs: 10_000, background: true };
async function firstLine(argv) {
    const result = await (0,exec/* run */.eF)(argv, QUICK);
    const line = result.stdout.trim().split('\n')[0]?.trim();
    return result.exitCode === 0 && line ? line : undefined;
}
/**
 * `docker info` (asked early if it was asked while the step loaded), which also lists the client's
 * plugins; undefined when it said nothing that parses. `env` points at the daemon found.
 */
async function readInfo(env) {
    const asked = (0,detect_early/* earlyAnswer */.sK)(detect_early/* INFO */.rD, env) ?? (0,exec/* run */.eF)(detect_early/* INFO */.rD, { env, allowFailure: true, timeoutMs: detect_early/* QUESTION_TIMEOUT_MS */.ib });
    const result = await asked.catch(() => undefined);
    return result ? parseInfo(result.stdout) : undefined;
}
/**
 * The facts from `info` (the run's one `docker info`) and the ping; each of facts and compose settles
 * on its own, so that the probe, which needs the data root, does not wait for a standalone compose.
 * `facts` never rejects: without `docker info` the facts stay empty and the versions still come from
 * the ping.
 */
function readDaemonFacts(version, info) {
    const json = info.then((parsed) => parsed ?? {}, () => ({}));
    return {
        facts: json.then((parsed) => parseFacts(version, parsed)),
        compose: json.then((parsed) => readCompose(composePlugin(parsed))),
    };
}
function parseInfo(text) {
    try {
        const parsed = JSON.parse(text);
        return parsed && typeof parsed === 'object' ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./lib/src/detect/disk.js
// Free space where the daemon keeps images and containers, the threshold under which berth warns, and
// the optional prune. Two ways to read it (planDiskReading picks): statfs of the daemon's data root,
// when that folder is provably the daemon's own in berth's file system (a daemon on this machine),
// which costs no container start; else `df -kP /` in the visibility probe's container (see
// visibility.ts), whose root file system lives on the storage the daemon writes layers to
// (overlay upper dirs, btrfs subvolumes, the containerd snapshotter) and which works the same for a
// remote daemon. `docker info` has no free-space field, and `docker system df` reports only what
// docker itself uses.



/**
 * Where the daemon keeps the probe container's record if rootDir is its data root, as berth sees it:
 * `<rootDir>/containers/<full id>`; undefined when the root or the id (from `docker create`) is unusable.
 */
function probeRecord(rootDir, id) {
    if (!external_node_path_.posix.isAbsolute(rootDir) || !/^[0-9a-f]{64}$/.test(id))
        return undefined;
    return external_node_path_.posix.join(rootDir, 'containers', id);
}
/**
 * The ways to read free space, best first; the first that yields a number wins. The data root is read
 * only when the probe's record was seen in it: a random 64-hex id there proves that this folder is the
 * daemon's own (berth in a job container with the socket bound in, a remote daemon, a VM, or a user who
 * cannot read the data root all fail the check). With the containerd image store, layers live outside
 * the data root, so only the probe's df measures the right file system.
 */
function planDiskReading(facts) {
    const sources = [];
    if (facts.probeRecordSeen && !facts.containerdStore)
        sources.push('data root');
    if (facts.hasDf)
        sources.push('probe');
    return sources;
}
/** Bytes available to an unprivileged writer on the file system holding dir, as `df` counts them. */
function statfsFree(dir) {
    try {
        const stats = (0,external_node_fs_.statfsSync)(dir);
        return stats.bavail * stats.bsize;
    }
    catch {
        return undefined;
    }
}
/** Available bytes from `df -kP` output: the last line's fourth column, in KiB. */
function parseDf(output) {
    const last = (0,errors/* lastLine */.fM)(output);
    const available = last.trim().split(/\s+/)[3];
    return available && /^\d+$/.test(available) ? Number(available) * 1024 : undefined;
}
function diskWarning(freeBytes, minBytes) {
    if (freeBytes === null || freeBytes >= minBytes)
        return undefined;
    const gib = (bytes) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
    return `the daemon has ${gib(freeBytes)} free where it stores images, under min-free-space (${gib(minBytes)}): builds may fail for lack of space; set prune: true to let berth prune`;
}
/** Stopped containers, dangling images, unused networks and build cache; never tagged images or volumes. */
/**
 * `docker system prune`, but for test containers of berth (another job's on a shared daemon may still
 * hold reports waiting to be copied out).
 */
function planPrune() {
    return ['docker', 'system', 'prune', '--force', '--filter', 'label!=berth.role=test'];
}

// EXTERNAL MODULE: ./lib/src/detect/endpoint.js
var detect_endpoint = __webpack_require__(6119);
;// CONCATENATED MODULE: ./lib/src/detect/no-daemon.js
const ADVICE = {
    act: 'Under act the job container reaches the daemon only through a bound socket: run act with the default ' +
        '--container-daemon-socket (not "-"), or pass --container-daemon-socket /var/run/docker.sock, or ' +
        "--container-options '-v /var/run/docker.sock:/var/run/docker.sock'.",
    gitlab: 'On GitLab add a dind service (services: [docker:dind]) and set DOCKER_TLS_CERTDIR: "/certs" with ' +
        '/certs/client shared with the job, so berth finds tcp://docker:2376; or set DOCKER_HOST ' +
        '(tcp://docker:2375 with DOCKER_TLS_CERTDIR: "").',
    circleci: 'On CircleCI add a setup_remote_docker step before berth (it sets DOCKER_HOST, DOCKER_TLS_VERIFY and ' +
        'DOCKER_CERT_PATH), or use a machine executor.',
    'github-container': 'In a GitHub container job the runner binds /var/run/docker.sock; if the job image runs its own ' +
        'user, make sure it may read the socket, or set DOCKER_HOST.',
    'github-hosted': 'Set DOCKER_HOST to a daemon (unix:///path/docker.sock, or tcp://host:2376 with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH).',
    'github-self-hosted': 'Start a Docker daemon on the runner, or set DOCKER_HOST to one (unix:///path/docker.sock, or ' +
        'tcp://host:2376 with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH), or give the docker-host input.',
    other: 'Set DOCKER_HOST to a daemon (unix:///path/docker.sock, or tcp://host:2376 with DOCKER_TLS_VERIFY=1 ' +
        'and DOCKER_CERT_PATH), or give the docker-host input.',
    local: 'Start a Docker daemon, or set DOCKER_HOST to one (unix:///path/docker.sock, or tcp://host:2376 with ' +
        'DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH), or give the docker-host input.',
};
function noDaemonMessage(ci, attempts, skipped) {
    const tried = attempts.map((a) => `${a.host} (${a.source}): ${a.why}`);
    let found = 'DOCKER_HOST is unset, no docker context is current and no daemon socket exists';
    if (tried.length > 0)
        found = `tried ${tried.join('; ')}`;
    else if (skipped.length > 0)
        found = 'nothing could be tried';
    const notTried = skipped.length > 0 ? `; not tried: ${skipped.join('; ')}` : '';
    return `No Docker daemon answers (${ci.vendor}): ${found}${notTried}. ${ADVICE[ci.kind]}`;
}

// EXTERNAL MODULE: ./lib/src/core/container.js
var container = __webpack_require__(9743);
;// CONCATENATED MODULE: ./lib/src/detect/visibility.js
// Does the daemon see the job's files? Whether berth runs in a container says little (a socket may be
// bound in, a same-path mount may exist); the decisive probe is to make a folder with a random name
// under the workspace and bind it into a container of the daemon: `--mount` refuses a source the
// daemon does not have, and only this folder has that name. Any bind-mount decision follows this
// probe; artifacts always use `docker cp`, which works either way.







/** Whether this process runs in a container, from the files Docker, Podman and cgroups leave. */
function containerFacts(files) {
    if (files.exists('/.dockerenv'))
        return { inContainer: true, evidence: '/.dockerenv' };
    if (files.exists('/run/.containerenv'))
        return { inContainer: true, evidence: '/run/.containerenv' };
    const mountinfo = files.read('/proc/self/mountinfo') ?? '';
    if (/\/(docker|containers)\/(containers\/)?[0-9a-f]{64}\//.test(mountinfo) || /\/kubepods/.test(mountinfo))
        return { inContainer: true, evidence: '/proc/self/mountinfo' };
    if (/:\/(docker|kubepods|lxc)\//.test(files.read('/proc/1/cgroup') ?? ''))
        return { inContainer: true, evidence: '/proc/1/cgroup' };
    return { inContainer: false, evidence: 'none of /.dockerenv, /run/.containerenv, container mounts' };
}
const DF_IMAGE = /^(?:[^/]+\/)*(busybox|alpine|debian|ubuntu|docker):[^/]+$/;
/**
 * The probe's image: a local busybox, alpine, debian, ubuntu or docker image, which has `df` for the
 * free-space reading when the data root cannot be read directly; else any local image, which is never
 * started (creating it is the probe); undefined when the daemon has no image at all. Never pulled:
 * the probe must not depend on a registry, and a fresh dind daemon has nothing.
 */
function pickProbeImage(images) {
    const named = images.filter((image) => !image.includes('<none>'));
    const withDf = named.find((image) => DF_IMAGE.test(image));
    if (withDf)
        return { image: withDf, hasDf: true };
    return named[0] ? { image: named[0], hasDf: false } : undefined;
}
// beside the tests: at a lower priority (core/spawn.ts)
const visibility_QUICK = { allowFailure: true, timeoutMs: 20_000, background: true };
/** A probe that could not run (note says why), or has not read anything yet. */
function unread(note = '') {
    return { visible: null, freeBytes: null, diskSource: null, image: '', left: [], note };
}
const MOUNT_POINT = '/berth-probe';
/** An image of one empty tar, imported (not pulled) when the daemon has none: 1024 zero bytes. */
async function importEmptyImage() {
    const name = `berth-probe:${(0,external_node_crypto_.randomBytes)(5).toString('hex')}`;
    const result = await (0,exec/* run */.eF)(['docker', 'import', '-', name], { ...visibility_QUICK, stdin: '\0'.repeat(1024) });
    return result.exitCode === 0 ? name : undefined;
}
async function probeImage() {
    const list = await (0,exec/* run */.eF)(['docker', 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], visibility_QUICK);
    const picked = pickProbeImage(list.exitCode === 0 ? list.stdout.split('\n').filter(Boolean) : []);
    if (picked)
        return { ...picked, imported: false };
    const imported = await importEmptyImage();
    return imported ? { image: imported, hasDf: false, imported: true } : undefined;
}
/** The probe: created (`create`), or run once and removed by the daemon (`run`, with df only). */
function planProbeContainer(name, dir, image, hasDf, verb = 'create') {
    const argv = ['docker', ...(verb === 'run' ? ['run', '--rm'] : ['create']), '--name', name];
    argv.push('--label', 'berth.role=probe');
    // --mount, not -v: with -v a daemon that lacks the folder would create it on its own host.
    argv.push('--mount', `type=bind,source=${dir},target=${MOUNT_POINT},readonly`);
    return hasDf
        ? [...argv, '--entrypoint', 'df', image, '-kP', '/']
        : [...argv, '--entrypoint', '/berth-none', image];
}
/** A folder with a random name under the workspace. */
function makeMarker(workspace) {
    try {
        return { dir: (0,external_node_fs_.mkdtempSync)(external_node_path_.join(workspace, `.berth-probe-${(0,external_node_crypto_.randomBytes)(8).toString('hex')}-`)) };
    }
    catch (error) {
        return `no marker under the workspace: ${(0,errors/* errorText */.kc)(error)}`;
    }
}
/**
 * Free space, while the probe container exists: statfs of the data root when the container's record
 * shows it is the daemon's own here, else df by starting the container (planDiskReading).
 */
async function readDisk(name, id, hasDf, daemon) {
    const { rootDir, containerdStore } = await daemon;
    const record = probeRecord(rootDir, id);
    const probeRecordSeen = record !== undefined && (0,external_node_fs_.existsSync)(record);
    for (const source of planDiskReading({ containerdStore, probeRecordSeen, hasDf })) {
        const freeBytes = source === 'data root'
            ? statfsFree(rootDir)
            : parseDf((await (0,exec/* run */.eF)(['docker', 'start', '--attach', name], visibility_QUICK)).stdout);
        if (freeBytes !== undefined)
            return { freeBytes, diskSource: source };
    }
    return { freeBytes: null, diskSource: null };
}
/**
 * With the containerd image store, layers are outside the data root and only df in the probe reads
 * free space (planDiskReading): one `docker run --rm` gives the verdict and the reading, where create,
 * start and rm are three client starts (0.2 to 0.4 s more beside the tests on engine 28). Exit 125: the
 * daemon did not run it (the bind's source is not there for it, or the start failed).
 */
async function lookOnce(name, dir, image) {
    const result = await (0,exec/* run */.eF)(planProbeContainer(name, dir, image, true, 'run'), visibility_QUICK);
    if (result.exitCode === 125)
        return { ...unread((0,errors/* lastLine */.fM)(result.stderr)), visible: false, image };
    const freeBytes = parseDf(result.stdout) ?? null;
    return { ...unread(), visible: true, image, freeBytes, diskSource: freeBytes === null ? null : 'probe' };
}
/** Creates the probe container (the verdict), reads free space, removes what it made. */
async function look(dir, picked, daemon, removeMarker) {
    const name = (0,container/* containerName */.xN)('probe');
    if (picked.hasDf && (await daemon).containerdStore)
        return lookOnce(name, dir, picked.image);
    const result = { ...unread(), visible: false, image: picked.image };
    const created = await (0,exec/* run */.eF)(planProbeContainer(name, dir, picked.image, picked.hasDf), visibility_QUICK);
    if (created.exitCode !== 0) {
        result.note = (0,errors/* lastLine */.fM)(created.stderr);
    }
    else {
        result.visible = true;
        // the record is looked for before `docker rm` takes it away; df starts the container, which
        // needs the bound folder, so the marker goes after the reading
        Object.assign(result, await readDisk(name, (0,errors/* lastLine */.fM)(created.stdout), picked.hasDf, daemon));
        removeMarker();
        if ((await (0,exec/* run */.eF)(['docker', 'rm', '--volumes', name], visibility_QUICK)).exitCode !== 0)
            result.left.push(`container ${name}`);
    }
    if (picked.imported && (await (0,exec/* run */.eF)(['docker', 'rmi', picked.image], visibility_QUICK)).exitCode !== 0)
        result.left.push(`image ${picked.image}`);
    return result;
}
async function probeWith(dir, daemon, removeMarker) {
    try {
        const picked = await probeImage();
        if (!picked)
            return unread('no image to probe with');
        return await look(dir, picked, daemon, removeMarker);
    }
    finally {
        removeMarker();
    }
}
/**
 * Runs the probe. `daemon`, the facts of `docker info` (the image store, the data root), is awaited
 * once the probe has its image. The marker folder is under the workspace until the probe is done: no build
 * may read the workspace meanwhile. Never rejects: a failure is the result's note.
 */
async function probeDaemonView(workspace, daemon) {
    const marker = makeMarker(workspace);
    if (typeof marker === 'string')
        return unread(marker);
    const removeMarker = () => (0,external_node_fs_.rmSync)(marker.dir, { recursive: true, force: true });
    return probeWith(marker.dir, daemon, removeMarker).catch((error) => {
        removeMarker();
        return unread((0,errors/* errorText */.kc)(error));
    });
}

;// CONCATENATED MODULE: ./lib/src/detect/environment.js
// Detect: where berth runs and which daemon answers, read by every phase: the CI and the endpoint (with
// TLS) (findDaemon); the builder, asked when a build needs it (a re-run of a tested tree builds nothing)
// or beside the tests; client and daemon facts, compose, whether the daemon sees the job's files, and
// free space (checkDaemon, beside the tests). Shown by report.ts.














async function ping(endpoint) {
    const env = (0,detect_endpoint/* endpointVariables */.Fy)(endpoint);
    const early = (0,detect_early/* earlyAnswer */.sK)(detect_early/* PING */.$5, env);
    if (early)
        core/* debug */.Yz('ping: the answer to the ping asked while the step loaded');
    const result = await (early ?? (0,exec/* run */.eF)(detect_early/* PING */.$5, { env, allowFailure: true, timeoutMs: detect_early/* PING_TIMEOUT_MS */.qp }));
    try {
        const parsed = JSON.parse(result.stdout);
        if (parsed.Server?.Version)
            return parsed;
    }
    catch {
        // the message below says what the client said
    }
    if (result.timedOut)
        return `no answer within ${detect_early/* PING_TIMEOUT_MS */.qp / 1000} s`;
    return (0,errors/* lastLine */.fM)(result.stderr).replace(/\.$/, '') || `exit ${result.exitCode}`;
}
/** The first candidate that answers a ping, in the order of endpointCandidates. */
async function resolveEndpoint(settings, ci, env, files) {
    const { candidates, skipped } = (0,detect_endpoint/* endpointCandidates */.K5)(env, files, settings.dockerHost);
    const attempts = [];
    for (const endpoint of candidates) {
        const answer = await ping(endpoint);
        if (typeof answer !== 'string') {
            for (const attempt of attempts)
                core/* info */.pq(`no daemon at ${attempt.host} (${attempt.source}): ${attempt.why}`);
            return { endpoint, version: answer };
        }
        attempts.push({ host: endpoint.host, source: endpoint.source, why: answer });
    }
    throw new Error(noDaemonMessage(ci, attempts, skipped));
}
/**
 * What later steps need to build as berth does, where the job did not say it: BuildKit on a client that
 * has it built in but off by default. berth builds with the client's current buildx builder, so later
 * steps have it already.
 */
function builderVariables(facts, env) {
    return facts.kind === 'buildkit' && !facts.buildx && !env.DOCKER_BUILDKIT ? { DOCKER_BUILDKIT: '1' } : {};
}
/** Points this process, and (through GITHUB_ENV) later steps, at the endpoint. */
function useEndpoint(endpoint, env) {
    const exported = (0,detect_endpoint/* variablesToExport */.Td)(endpoint, env);
    for (const [name, value] of Object.entries((0,detect_endpoint/* endpointVariables */.Fy)(endpoint))) {
        if (value)
            process.env[name] = value;
        else
            Reflect.deleteProperty(process.env, name);
    }
    for (const [name, value] of Object.entries(exported))
        core_report/* handoff */.NS.exportVariable(name, value);
    return exported;
}
/** A question asked the first time its answer is wanted, and only then. */
function once(ask) {
    let answer;
    return () => (answer ??= ask());
}
/** Finds the daemon that answers and points this process and later steps at it. */
async function findDaemon(settings, env = process.env, files = file_view/* realFiles */.a, vendor = { name: ci_info.name, isCI: ci_info.isCI }) {
    const started = Date.now();
    const ci = detectCi(env, vendor);
    const { endpoint, version } = await resolveEndpoint(settings, ci, env, files);
    const variables = (0,detect_endpoint/* endpointVariables */.Fy)(endpoint);
    // what the job's environment said before berth pointed this process at the endpoint
    const buildkitEnv = env.DOCKER_BUILDKIT;
    const exported = useEndpoint(endpoint, env);
    const info = once(() => readInfo(variables));
    const imageStore = () => info().then((json) => (json ? imageStoreOf(json.DriverStatus) : null));
    const builder = once(async () => {
        const plugins = () => info().then(clientPlugins);
        const facts = await readBuilder(version.Client?.Version ?? '', variables, { imageStore, plugins });
        const more = builderVariables(facts, { DOCKER_BUILDKIT: buildkitEnv });
        for (const [name, value] of Object.entries(more))
            core_report/* handoff */.NS.exportVariable(name, value);
        Object.assign(exported, more);
        return facts;
    });
    const container = containerFacts(files);
    return { ci, builder, info, container, exported, endpoint, version, ms: Date.now() - started };
}
/**
 * The slower checks: daemon facts, compose, whether the daemon sees the workspace, free space (and a
 * prune when asked and needed). The probe puts a marker folder under the workspace for a moment, so no
 * build may read the context meanwhile. Its warnings are returned, for the caller to write where they
 * belong. Never rejects for what it checks: a check that fails says so in the result.
 */
async function checkDaemon(settings, found) {
    const started = Date.now();
    const daemon = readDaemonFacts(found.version, found.info());
    // awaited below; marked handled so that a failure waits for it
    daemon.compose.catch(() => undefined);
    const probe = probeDaemonView(settings.workspace, daemon.facts);
    const [facts, compose, seen, builder] = await Promise.all([
        daemon.facts,
        daemon.compose,
        probe,
        found.builder(),
    ]);
    const warnings = factWarnings(facts);
    if (seen.left.length > 0)
        warnings.push(`the daemon refused to remove the probe's ${seen.left.join(', ')}: left behind`);
    let pruned = false;
    const low = diskWarning(seen.freeBytes, settings.minFreeBytes);
    if (low && settings.prune) {
        const result = await (0,exec/* run */.eF)(planPrune(), { allowFailure: true, timeoutMs: 300_000 });
        pruned = result.exitCode === 0;
        core/* info */.pq(`prune: ${(0,errors/* lastLine */.fM)(result.stdout)}`);
    }
    if (low)
        warnings.push(pruned ? `${low} (pruned)` : low);
    const { ci, container, exported, endpoint, ms } = found;
    return {
        ci,
        builder,
        container,
        exported,
        daemon: { ...endpoint, ...facts },
        compose,
        workspace: {
            dir: settings.workspace,
            visible: seen.visible,
            bindMounts: seen.visible === true,
            probeImage: seen.image,
            probeNote: seen.note,
        },
        disk: {
            freeBytes: seen.freeBytes,
            source: seen.diskSource,
            minFreeBytes: settings.minFreeBytes,
            pruned,
        },
        warnings,
        seconds: (ms + Date.now() - started) / 1000,
    };
}

;// CONCATENATED MODULE: ./lib/src/detect/report.js
// The detection result where a person and later steps read it: the `environment` and `docker-host`
// outputs, a log line, and the "Environment" table of the job summary.


function yesNo(value) {
    return value === null ? 'unknown' : value ? 'yes' : 'no';
}
function diskSource({ disk, daemon }) {
    if (disk.source === 'data root')
        return `statfs of the daemon's data root (${daemon.rootDir})`;
    return disk.source === 'probe' ? 'df in the probe container' : 'not read';
}
/** `buildkit (buildx builder default, docker driver, classic image store)`. */
function builderText({ builder }) {
    const { kind, buildx, imageStore } = builder;
    const parts = [
        buildx ? `buildx builder ${buildx.name}, ${buildx.driver} driver` : '',
        imageStore ? `${imageStore} image store` : '',
        kind === 'buildx' ? 'registry cache' : kind === 'buildkit' ? 'inline cache per stage' : '',
    ].filter(Boolean);
    return parts.length > 0 ? `${kind} (${parts.join(', ')})` : kind;
}
/** The summary table: one row per fact, header first. */
function environmentRows(environment) {
    const { ci, daemon, workspace, disk, container, compose } = environment;
    const free = disk.freeBytes === null ? 'unknown' : (0,core_report/* formatBytes */.z3)(disk.freeBytes);
    return [
        ['what', 'found'],
        ['CI', [ci.vendor, ci.detail].filter(Boolean).join(', ')],
        ['daemon', `${daemon.host} (${daemon.source}${daemon.certPath ? `, TLS with ${daemon.certPath}` : ''})`],
        [
            'versions',
            `client ${daemon.clientVersion} (API ${daemon.clientApiVersion}), daemon ${daemon.serverVersion} (API ${daemon.apiVersion})`,
        ],
        [
            'daemon OS',
            `${daemon.os}, cgroup v${daemon.cgroupVersion || '?'}${daemon.rootless ? ', rootless' : ''}`,
        ],
        [
            'storage',
            `${daemon.storageDriver}, ${free} free (min ${(0,core_report/* formatBytes */.z3)(disk.minFreeBytes)})${disk.pruned ? ', pruned' : ''}`,
        ],
        ['free space from', diskSource(environment)],
        ['builder', builderText(environment)],
        [
            'compose',
            compose.kind === 'none' ? 'none' : `${compose.kind} ${compose.version || '(version not asked)'}`,
        ],
        ['berth in a container', `${yesNo(container.inContainer)} (${container.evidence})`],
        [
            'daemon sees the workspace',
            `${yesNo(workspace.visible)}${workspace.probeImage ? ` (probed with ${workspace.probeImage})` : ''}${workspace.probeNote ? `: ${workspace.probeNote}` : ''}`,
        ],
        ['exported', Object.keys(environment.exported).join(', ') || 'nothing'],
        ['detected in', `${environment.seconds.toFixed(1)} s`],
    ];
}
/** What the daemon checks found that a person must see, written in their log group. */
function showChecks(environment) {
    for (const warning of environment.warnings)
        core/* warning */.$e(warning);
}
/** `at`: where the Environment table goes among the summary's sections (detection comes first). */
function publishEnvironment(environment, report, at) {
    const { daemon } = environment;
    core_report/* handoff */.NS.setOutput('environment', JSON.stringify(environment));
    core_report/* handoff */.NS.setOutput('docker-host', daemon.host);
    core/* info */.pq(`${environment.ci.vendor}: Docker ${daemon.serverVersion} at ${daemon.host} (${daemon.source}), client ${daemon.clientVersion}, ${daemon.storageDriver || 'unknown'} storage, ${builderText(environment)} builder, workspace visible to the daemon: ${yesNo(environment.workspace.visible)}`);
    report.sections.splice(at, 0, { heading: 'Environment', rows: environmentRows(environment) });
}

;// CONCATENATED MODULE: ./lib/src/detect/source.js
// Where an image comes from, for its OCI labels: the repository's web address and name (from the CI's
// variables, else git's remote), its license (the event payload's, else the license file's), and the
// commit's time (the payload's, GitLab's variable, else git's), so that one commit builds one image.
/**
 * A remote as a web address: `git@host:o/r.git` and `ssh://git@host/o/r` become `https://host/o/r`;
 * credentials in the address (`https://user:token@host/...`) are dropped, never put in a label.
 */
function webAddress(remote) {
    const text = remote.trim();
    const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(text);
    let url;
    try {
        url = new URL(scp ? `https://${scp[1]}/${scp[2]}` : text);
    }
    catch {
        return '';
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol))
        return '';
    const pathname = url.pathname.replace(/\.git\/?$/, '').replace(/\/+$/, '');
    return `https://${url.hostname}${pathname}`;
}
/** Known license texts, by words each one has near its start. */
const LICENSES = [
    ['AGPL-3.0', /GNU AFFERO GENERAL PUBLIC LICENSE\s+Version 3/i],
    ['LGPL-3.0', /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 3/i],
    ['LGPL-2.1', /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1/i],
    ['GPL-3.0', /GNU GENERAL PUBLIC LICENSE\s+Version 3/i],
    ['GPL-2.0', /GNU GENERAL PUBLIC LICENSE\s+Version 2/i],
    ['Apache-2.0', /Apache License\s+Version 2\.0/i],
    ['MPL-2.0', /Mozilla Public License,? Version 2\.0/i],
    ['MIT', /Permission is hereby granted, free of charge/i],
    ['ISC', /Permission to use, copy, modify, and\/or distribute this software for any/i],
    ['BSD-3-Clause', /Redistribution and use in source and binary forms[\s\S]*Neither the name/i],
    ['BSD-2-Clause', /Redistribution and use in source and binary forms/i],
    ['Unlicense', /This is free and unencumbered software released into the public domain/i],
];
/** The SPDX identifier of a license text, or empty when it is none berth knows. */
function licenseOf(text) {
    return LICENSES.find(([, words]) => words.test(text))?.[0] ?? '';
}
/** A time as RFC 3339 in UTC (`2026-12-01T10:00:00Z`); empty when it is not a time. */
function utc(text) {
    const time = text ? Date.parse(text) : Number.NaN;
    return Number.isNaN(time) ? '' : new Date(time).toISOString().replace(/\.000Z$/, 'Z');
}
function lastPart(path) {
    return path.replace(/\/+$/, '').split('/').pop() ?? '';
}
function resolveSource(env, payload, git, licenseText) {
    const remote = webAddress(git?.remote ?? '');
    let url = remote;
    let title = lastPart(remote) || lastPart(git?.folder ?? '');
    if (env.GITHUB_REPOSITORY) {
        url = `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`;
        title = lastPart(env.GITHUB_REPOSITORY);
    }
    else if (env.CI_PROJECT_URL) {
        url = env.CI_PROJECT_URL;
        title = env.CI_PROJECT_NAME || lastPart(url);
    }
    else if (env.CIRCLE_REPOSITORY_URL) {
        url = webAddress(env.CIRCLE_REPOSITORY_URL);
        title = env.CIRCLE_PROJECT_REPONAME || lastPart(url);
    }
    const spdx = payload.repository?.license?.spdx_id;
    return {
        url,
        title,
        license: spdx && spdx !== 'NOASSERTION' ? spdx : licenseOf(licenseText),
        created: utc(payload.head_commit?.timestamp) || utc(env.CI_COMMIT_TIMESTAMP) || utc(git?.created),
    };
}

;// CONCATENATED MODULE: ./lib/src/detect/run-context.js
// Where the commit, ref and event come from: the CI's variables (GitHub, GitLab, CircleCI), or git on a
// local run. Events are named as GitHub names them, so push and tag rules read the same everywhere.
// git is asked for the commit's time, the repository's tags and its remote on every run.



const PULL_EVENTS = new Set(['pull_request', 'pull_request_target']);
const GITLAB_EVENTS = {
    merge_request_event: 'pull_request',
    external_pull_request_event: 'pull_request',
    web: 'workflow_dispatch',
    api: 'workflow_dispatch',
    trigger: 'workflow_dispatch',
    pipeline: 'workflow_dispatch',
};
function run_context_github(env, payload) {
    const ref = env.GITHUB_REF ?? '';
    const event = env.GITHUB_EVENT_NAME ?? 'push';
    const pull = /^refs\/pull\/(\d+)\//.exec(ref)?.[1];
    const pullRequest = PULL_EVENTS.has(event)
        ? (payload.pull_request?.number ?? payload.number ?? (pull ? Number(pull) : undefined))
        : undefined;
    const branch = pullRequest !== undefined ? (env.GITHUB_HEAD_REF ?? '') : ref.replace(/^refs\/heads\//, '');
    return {
        sha: env.GITHUB_SHA ?? '',
        branch: ref.startsWith('refs/heads/') || pullRequest !== undefined ? branch : '',
        gitTag: ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : '',
        pullRequest,
        event,
        defaultBranch: payload.repository?.default_branch || 'main',
        runNumber: env.GITHUB_RUN_NUMBER ?? '',
    };
}
function run_context_gitlab(env) {
    const source = env.CI_PIPELINE_SOURCE ?? 'push';
    const mr = env.CI_MERGE_REQUEST_IID;
    return {
        sha: env.CI_COMMIT_SHA ?? '',
        branch: env.CI_COMMIT_TAG
            ? ''
            : (env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME ?? env.CI_COMMIT_BRANCH ?? env.CI_COMMIT_REF_NAME ?? ''),
        gitTag: env.CI_COMMIT_TAG ?? '',
        pullRequest: mr ? Number(mr) : undefined,
        event: GITLAB_EVENTS[source] ?? source,
        defaultBranch: env.CI_DEFAULT_BRANCH || 'main',
        runNumber: env.CI_PIPELINE_IID ?? '',
    };
}
function run_context_circleci(env) {
    const pull = /\/pull\/(\d+)/.exec(env.CIRCLE_PULL_REQUEST ?? '')?.[1];
    return {
        sha: env.CIRCLE_SHA1 ?? '',
        branch: env.CIRCLE_TAG ? '' : (env.CIRCLE_BRANCH ?? ''),
        gitTag: env.CIRCLE_TAG ?? '',
        pullRequest: pull ? Number(pull) : undefined,
        event: pull ? 'pull_request' : 'push',
        defaultBranch: 'main',
        runNumber: env.CIRCLE_BUILD_NUM ?? '',
    };
}
/** True when the CI's own variables name the commit, so git need not be asked. */
function needsGit(env) {
    return !env.GITHUB_SHA && !env.CI_COMMIT_SHA && !env.CIRCLE_SHA1;
}
function ciContext(env, payload, git) {
    if (env.GITHUB_SHA)
        return run_context_github(env, payload);
    if (env.CI_COMMIT_SHA)
        return run_context_gitlab(env);
    if (env.CIRCLE_SHA1)
        return run_context_circleci(env);
    return {
        sha: git?.sha ?? '',
        branch: git?.branch ?? '',
        gitTag: git?.gitTag ?? '',
        pullRequest: undefined,
        event: 'local',
        defaultBranch: git?.defaultBranch || 'main',
        runNumber: '',
    };
}
/** The run's context from the CI's variables, the event payload, and what git and the files say. */
function resolveRunContext(env, payload, git, licenseText = '') {
    return {
        ...ciContext(env, payload, git),
        gitTags: git?.tags ?? [],
        source: resolveSource(env, payload, git, licenseText),
    };
}
async function gitSays(args, cwd) {
    const result = await (0,exec/* run */.eF)(['git', ...args], { cwd, allowFailure: true, timeoutMs: 10_000 });
    return result.exitCode === 0 ? result.stdout.trim() : '';
}
/**
 * What git says about the checkout, asked at once. The commit, branch and tag only outside CI (`full`);
 * the commit's time, the tags and the remote always, for the labels and `latest: auto`.
 */
async function readGit(cwd, full) {
    const ask = (args, asked = true) => asked ? gitSays(args, cwd) : Promise.resolve('');
    const [origin, sha, branch, gitTag, created, tags, remote] = await Promise.all([
        ask(['symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD'], full),
        ask(['rev-parse', 'HEAD'], full),
        ask(['symbolic-ref', '--short', '-q', 'HEAD'], full),
        ask(['describe', '--tags', '--exact-match', 'HEAD'], full),
        ask(['log', '-1', '--format=%cI', 'HEAD']),
        ask(['tag', '--list']),
        ask(['remote', 'get-url', 'origin']),
    ]);
    return {
        sha,
        branch,
        gitTag,
        defaultBranch: origin.replace(/^origin\//, ''),
        created,
        tags: tags.split('\n').filter(Boolean),
        remote,
        folder: cwd,
    };
}
function readPayload(file) {
    if (!file)
        return {};
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch {
        return {};
    }
}
/** The repository's license text, from the first of the usual files there is. */
function readLicense(cwd) {
    for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'COPYING']) {
        try {
            return (0,external_node_fs_.readFileSync)(`${cwd}/${name}`, 'utf8').slice(0, 4000);
        }
        catch {
            // not this one
        }
    }
    return '';
}
async function readRunContext(env, cwd) {
    const git = await readGit(cwd, needsGit(env));
    return resolveRunContext(env, readPayload(env.GITHUB_EVENT_PATH), git, readLicense(cwd));
}

;// CONCATENATED MODULE: ./lib/src/install/phase.js
// Setup: install the pinned docker, compose and buildx, start a dedicated daemon when asked, check
// that everything reports the pinned versions, and say so in the summary. Post undoes it. This file
// decides; the work itself is in tools.ts, loaded only when there is some.


const onPath = async (tool) => (await io/* which */.K7(tool, false)) !== '';
/** The docker version to install: the pin, or `latest` when what is needed is not on PATH. */
async function dockerWanted(install) {
    if (install.docker.version)
        return install.docker.version;
    const needed = install.daemon === 'dedicated' ? ['docker', 'dockerd', 'containerd'] : ['docker'];
    for (const tool of needed) {
        if (!(await onPath(tool))) {
            core/* info */.pq(`${tool} is not on PATH: installing the latest ${install.docker.channel} docker`);
            return 'latest';
        }
    }
    return '';
}
/**
 * The setup phase; skipped when nothing is pinned, docker is there and no daemon is asked for. True
 * when it installed or started something (another client, other plugins, another daemon).
 */
async function setup(install, report, log) {
    const wanted = await dockerWanted(install);
    if (!wanted && !install.compose.version && !install.buildx.version && install.daemon === 'existing') {
        report.skip('setup', 'nothing to install: using the docker that is there');
        return false;
    }
    if (process.platform !== 'linux') {
        throw new Error(`docker-version: berth installs docker and starts daemons on Linux only, not ${process.platform}`);
    }
    const rows = [['tool', 'version', 'from', 'checksum', 'reports']];
    try {
        await report.phase('setup', async () => {
            // Most runs install nothing: the install pipeline (downloads, tool cache) is loaded only here.
            const { installAll } = await Promise.all(/* import() */[__webpack_require__.e(805), __webpack_require__.e(536)]).then(__webpack_require__.bind(__webpack_require__, 2536));
            await installAll(install, wanted, log, rows);
        });
    }
    finally {
        if (rows.length > 1)
            report.sections.push({ heading: 'Installed', rows });
    }
    const unverified = rows.filter((cells) => cells[3]?.startsWith('unverified')).map((cells) => cells[0]);
    const done = rows.slice(1).map((cells) => `${cells[0]} ${cells[1]}`);
    report.note('setup', [done.join(', '), unverified.length > 0 ? `unverified: ${unverified.join(', ')}` : '']
        .filter(Boolean)
        .join('; '));
    return true;
}

;// CONCATENATED MODULE: ./lib/src/publish.js
// The push phases: the tags (with the stage cache images beside them) when the run may push and the
// tests passed, or the stage cache alone (the Actions cache, a run that may not push its tags).






/** Whether a passing run writes the stage cache: never from a pull request; to a registry only when it pushes. */
function writesCacheOnPass(settings, context, session) {
    if (session.mode === 'none')
        return false;
    if (session.mode === 'actions')
        return context.pullRequest === undefined;
    return pushDecision(settings.push, context.event, true).push;
}
/** The push phase (tags, and stage cache images with them) and the cache push phase (cache alone). */
async function publishPhases(settings, made, testsPassed, report) {
    const { tags, context, session } = made;
    const decision = pushDecision(settings.push, context.event, testsPassed);
    const policy = pushPolicy(settings);
    const cache = testsPassed ? made.cache : undefined;
    const cacheNote = ({ refs, failure }) => {
        const what = session.builder === 'buildx' ? 'the registry cache' : 'the stage cache';
        if (failure)
            return `${what} not written: ${failure}`;
        return session.builder === 'buildx'
            ? `${what} ${refs.length > 0 ? 'exported' : 'unchanged'}`
            : `${refs.length} of ${session.caches.length} stage cache images changed`;
    };
    if (!decision.push) {
        report.skip('push', decision.why);
        report.outcome.pushed = [];
    }
    else {
        const image = { imageId: made.imageId, whole: made.whole, logins: settings.logins };
        const [first, written] = await report.phase('push', () => pushWithCache(tags, policy, cache, image));
        core_report/* handoff */.NS.setOutput('digest', first.digest);
        Object.assign(report.outcome, { pushed: first.pushed, digest: first.digest });
        if (cache)
            report.note('push', `${tags.length} tags; ${cacheNote(written)}`);
    }
    if (cache && !decision.push) {
        const written = await report.phase('cache push', async () => writeCache(cache.session, cache.request, await cache.ready, policy));
        report.note('cache push', cacheNote(written));
    }
    else if (!cache && made.cache && exportedByBuild(made.cache)) {
        // buildx's build exported the cache before the tests (a failing test does not make its steps wrong)
        const { failure } = await made.cache.ready;
        const exported = failure
            ? `the build's export of the registry cache failed: ${failure}`
            : 'the registry cache was exported by the build, before the tests';
        report.skip('cache push', `${decision.why}; ${exported}`);
    }
    else if (!cache) {
        report.skip('cache push', session.mode === 'none' ? 'cache is none' : decision.why);
    }
}
/**
 * Pushes the tags and, when `cache` is given, the changed stage cache images. The first tag uploads the
 * layers alone (pushes of the same new layer at the same time race in the registry: "blob unknown to
 * registry"); the other tags then go on its manifest in the registry, beside the cache images. When the
 * final stage came whole from the image's repository (`whole`), every tag goes on that manifest if it
 * is the very image (pushFirst).
 */
async function pushWithCache(tags, policy, cache, image) {
    const { imageId, logins } = image;
    const pushed = tags[0] ? { ref: tags[0], imageId, logins } : undefined;
    // the stage cache images' layers are read beside the first push, once they are ready (images to
    // push: not buildx's registry cache, which its build exports)
    const images = cache?.session.mode === 'registry' && cache.request.builder !== 'buildx';
    const read = images
        ? cache.ready.then(({ refs }) => (refs.length > 0 ? readWaveLayers(refs, pushed) : []))
        : undefined;
    read?.catch(() => undefined);
    const none = { refs: [] };
    const [[digest, rest], ready] = await Promise.all([pushFirst(tags, policy, image), cache?.ready ?? none]);
    const [later, written] = await Promise.all([
        tagOrPush(tags[0] ?? '', rest, imageId, policy, logins),
        cache ? writeCache(cache.session, cache.request, ready, policy, pushed, read) : none,
    ]);
    return [{ pushed: [...tags], digest: digest || later }, written];
}
/**
 * Puts the first tag in the registry, or every tag when they can all go on the manifest of the cache
 * image the final stage came from; returns the digest and the tags still to put. A final stage from
 * the cache can still make another image: BuildKit writes its inline cache records in no fixed order,
 * so the config may differ while every layer is there. Then the first tag goes alone with docker (only
 * the config to upload), as one new blob must not be pushed by several tags at once.
 */
async function pushFirst(tags, policy, image) {
    const { imageId, whole, logins } = image;
    if (whole) {
        const tagged = await tagInRegistry(whole, tags, imageId, logins);
        if ('digest' in tagged) {
            core/* info */.pq(`push: the final stage came whole from ${whole}, the very image: every tag goes on it`);
            for (const tag of tags)
                core/* info */.pq(`pushed ${tag} (tagged in the registry)`);
            return [tagged.digest, []];
        }
        core/* info */.pq(`push: not tagged on ${whole} (${tagged.reason}); the first tag with docker push`);
    }
    return [await pushAtOnce(tags.slice(0, 1), policy), tags.slice(1)];
}
/**
 * The push phase of a tested image berth did not build: the tags go on the very manifest the tests ran
 * on, in the registry where it can (one PUT each), else with docker tag and push.
 */
async function publishPulled(settings, pulled, testsPassed, report) {
    const { reference, imageId, tags, context } = pulled;
    const decision = pushDecision(settings.push, context.event, testsPassed);
    report.outcome.pushed = [];
    if (tags.length === 0)
        return report.skip('push', 'build is false and no tags are given');
    if (!decision.push)
        return report.skip('push', decision.why);
    const policy = pushPolicy(settings);
    const digest = await report.phase('push', async () => {
        const tagged = await tagInRegistry(reference, tags, imageId, settings.logins);
        if ('digest' in tagged) {
            for (const tag of tags)
                core/* info */.pq(`pushed ${tag} (tagged in the registry on the tested manifest)`);
            return tagged.digest;
        }
        core/* info */.pq(`push: not tagged in the registry (${tagged.reason}); docker tag and push`);
        for (const tag of tags)
            await (0,exec/* run */.eF)(['docker', 'tag', imageId, tag]);
        const first = await pushAtOnce(tags.slice(0, 1), policy);
        const rest = await tagOrPush(tags[0] ?? '', tags.slice(1), imageId, policy, settings.logins);
        return first || rest;
    });
    core_report/* handoff */.NS.setOutput('digest', digest);
    Object.assign(report.outcome, { pushed: [...tags], digest });
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./lib/src/registry/copy.js
// Tags put on a manifest that is in a registry already, with no build and no daemon: the same
// repository gets one PUT of the manifest's very bytes per tag; another repository or another registry
// first gets the blobs (config and layers) and, for an index, every image it lists, then the same
// bytes, so every tag names the very digest of `from`. Promotion (`promote-from`) uses it, and so may
// anything that re-tags an image already tested.





const ACCEPT = [...IMAGE_MANIFESTS, ...IMAGE_INDEXES].join(', ');
async function copy_open(repository, actions, logins, env) {
    const credentials = await resolveCredentials(repository.registry, logins, env);
    if ('reason' in credentials)
        throw new Error(credentials.reason);
    const path = apiRepository(repository);
    const basic = 'basic' in credentials ? credentials.basic : undefined;
    return { repository, path, session: await openSession(repository.registry, path, basic, actions) };
}
function headers(repo, extra = {}) {
    return repo.session.authorization ? { ...extra, authorization: repo.session.authorization } : extra;
}
async function getManifest(repo, reference) {
    const url = `${repo.session.base}/v2/${repo.path}/manifests/${encodeURIComponent(reference)}`;
    const got = await repo.session.http.get(url, headers(repo, { accept: ACCEPT }));
    const bytes = await got.readBody();
    if (got.message.statusCode !== 200)
        throw new Error(`${repo.repository.name}:${reference} answered ${got.message.statusCode}`);
    const type = String(got.message.headers['content-type'] ?? '').split(';')[0] ?? '';
    if (![...IMAGE_MANIFESTS, ...IMAGE_INDEXES].includes(type))
        throw new Error(`${repo.repository.name}:${reference} is a ${type || 'manifest of no type'}`);
    return { bytes, type, digest: `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes, 'utf8').digest('hex')}` };
}
async function putManifest(repo, reference, bytes, type) {
    const url = `${repo.session.base}/v2/${repo.path}/manifests/${encodeURIComponent(reference)}`;
    const put = await repo.session.http.request('PUT', url, bytes, headers(repo, { 'content-type': type }));
    await put.readBody();
    if (put.message.statusCode !== 201)
        throw new Error(`PUT of the manifest ${repo.repository.name}:${reference} answered ${put.message.statusCode}`);
}
/** Copies one blob unless the target has it: GET from the source, one monolithic upload to the target. */
async function copyBlob(source, target, digest) {
    const blobUrl = (repo) => `${repo.session.base}/v2/${repo.path}/blobs/${digest}`;
    const head = await target.session.http.head(blobUrl(target), headers(target));
    await head.readBody();
    if (head.message.statusCode === 200)
        return;
    const got = await source.session.http.get(blobUrl(source), headers(source));
    const body = await (got.readBodyBuffer ? got.readBodyBuffer() : Buffer.from(await got.readBody()));
    if (got.message.statusCode !== 200)
        throw new Error(`blob ${digest} answered ${got.message.statusCode}`);
    const started = await target.session.http.request('POST', `${target.session.base}/v2/${target.path}/blobs/uploads/`, '', headers(target, { 'content-length': '0' }));
    await started.readBody();
    const location = started.message.headers.location;
    if (started.message.statusCode !== 202 || typeof location !== 'string')
        throw new Error(`starting the upload of ${digest} answered ${started.message.statusCode}`);
    const upload = new URL(location, target.session.base);
    upload.searchParams.set('digest', digest);
    const put = await target.session.http.request('PUT', upload.toString(), external_node_stream_.Readable.from([body]), headers(target, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }));
    await put.readBody();
    if (put.message.statusCode !== 201)
        throw new Error(`upload of ${digest} answered ${put.message.statusCode}`);
}
/** Copies a manifest by digest (its blobs, or for an index its images first); returns its config digest. */
async function copyManifest(source, target, reference, copy) {
    const manifest = await getManifest(source, reference);
    const parsed = JSON.parse(manifest.bytes);
    let config = parsed.config?.digest ?? '';
    if (copy) {
        for (const child of parsed.manifests ?? []) {
            const childConfig = await copyManifest(source, target, child.digest, true);
            config ||= childConfig;
        }
        for (const blob of [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])])
            await copyBlob(source, target, blob.digest);
        await putManifest(target, manifest.digest, manifest.bytes, manifest.type);
    }
    else if (!config && parsed.manifests?.[0]) {
        config =
            JSON.parse((await getManifest(source, parsed.manifests[0].digest)).bytes).config
                ?.digest ?? '';
    }
    return config;
}
/**
 * Puts `targets` (full `name:tag` references, in any repository of any registry) on the manifest that
 * `from` (`name:tag` or `name@sha256:...`) names, with the credentials of `logins` or docker's config.
 * Throws with the reason when the registry's API cannot do it (credentials only a helper's identity
 * token holds, a registry it cannot reach as the daemon does).
 */
async function putOnManifest(from, targets, logins, env = process.env) {
    const source = (0,image_ref/* parseReference */.F2)(from);
    if (typeof source === 'string')
        throw new Error(`${from} ${source}`);
    const reference = source.digest ?? source.tag ?? 'latest';
    const byRepository = new Map();
    for (const target of targets) {
        const parsed = (0,image_ref/* parseReference */.F2)(target);
        if (typeof parsed === 'string' || !parsed.tag)
            throw new Error(`${target} is not name:tag`);
        const entry = byRepository.get(parsed.repository.name) ?? { repository: parsed.repository, tags: [] };
        entry.tags.push(parsed.tag);
        byRepository.set(parsed.repository.name, entry);
    }
    const opened = [];
    try {
        const actions = byRepository.has(source.repository.name) ? 'pull,push' : 'pull';
        const from = await copy_open(source.repository, actions, logins, env);
        opened.push(from);
        const manifest = await getManifest(from, reference);
        if (source.digest && manifest.digest !== source.digest)
            throw new Error(`${source.repository.name}@${source.digest} answered another digest`);
        let configDigest = '';
        for (const { repository, tags } of byRepository.values()) {
            const same = repository.name === source.repository.name;
            const target = same ? from : await copy_open(repository, 'pull,push', logins, env);
            if (!same)
                opened.push(target);
            const config = await copyManifest(from, target, manifest.digest, !same);
            configDigest ||= config;
            for (const tag of tags) {
                await putManifest(target, tag, manifest.bytes, manifest.type);
                core/* info */.pq(`pushed ${repository.name}:${tag} (${same ? 'tagged' : 'copied'} in the registry)`);
            }
        }
        if (!configDigest)
            configDigest = await copyManifest(from, from, manifest.digest, false);
        return { digest: manifest.digest, configDigest };
    }
    finally {
        for (const repo of opened)
            repo.session.http.dispose();
    }
}

// EXTERNAL MODULE: ./lib/src/registry/login.js
var login = __webpack_require__(9385);
;// CONCATENATED MODULE: ./lib/src/registry/pull.js
// Pull: the image another job built (`build: false`), or a tested tree's, with retries: the reference
// the tests run, and the local image ID, asked beside them.






/** The digest `docker pull` names (`Digest: sha256:...`), if it names one. */
function pulledDigest(output) {
    return /^Digest: (sha256:[0-9a-f]{64})\s*$/m.exec(output)?.[1];
}
/** `name@digest` for `name:tag` (or `name`) and a digest; a reference that pins a digest already stays. */
function byDigest(reference, digest) {
    return reference.includes('@') ? reference : `${(0,image_ref/* splitReference */.mQ)(reference).name}@${digest}`;
}
/** Pulls `reference`. */
async function pullImage(reference, policy) {
    const left = () => Math.max(1_000, policy.deadline - Date.now());
    const result = await (0,retry/* withRetries */.LH)(() => (0,exec/* run */.eF)(['docker', 'pull', reference], { timeoutMs: left(), cancellable: true }), { retries: policy.retries, label: `pull ${reference}`, until: policy.deadline }).catch((error) => {
        throw error instanceof cancel/* CancelledError */.cc ? error : new Error(`pull of ${reference}: ${(0,errors/* errorText */.kc)(error)}`);
    });
    const digest = pulledDigest(result.stdout);
    const runs = digest ? byDigest(reference, digest) : reference;
    core/* info */.pq(`pulled ${reference}${digest ? ` (${digest})` : ''}`);
    const imageId = (0,exec/* run */.eF)(['docker', 'image', 'inspect', '--format', '{{.Id}}', runs]).then((inspected) => inspected.stdout.trim());
    // awaited by the push phase, after the tests
    imageId.catch(() => undefined);
    return { runs, imageId };
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
// EXTERNAL MODULE: ./lib/src/registry/templates.js
var templates = __webpack_require__(3147);
;// CONCATENATED MODULE: ./lib/src/registry/tags.js
// The tags a run gets, each with the rule that made it (cache references are in cache-plan.ts):
// the default tags from the commit, branch, tag and event, `latest` by its own rule, and the `tags`
// entries (literal tags, full references, templates), with `tag-prefix`/`tag-suffix` on what berth
// computes.



/** A git tag as a version: `v1.2.3` and `1.2.3` are; `nightly` is not. */
function parseVersion(gitTag) {
    return semver.parse(gitTag.replace(/^v/, ''));
}
/**
 * `1.2.3`, `1.2`, `1` for `v1.2.3`; `0.4.1`, `0.4` for `v0.4.1` (a `0` tag would follow every
 * incompatible 0.x release); only the full version for a pre-release; none for a non-semver tag.
 */
function versionTags(gitTag) {
    const version = parseVersion(gitTag);
    if (!version)
        return [];
    if (version.prerelease.length > 0)
        return [(0,image_ref/* toTag */.yQ)(version.version)];
    const minor = `${version.major}.${version.minor}`;
    return version.major === 0 ? [version.version, minor] : [version.version, minor, `${version.major}`];
}
/** Why `latest` goes on this run under `latest: auto`, or undefined when it does not. */
function latestReason(context) {
    if (context.pullRequest === undefined && context.branch && context.branch === context.defaultBranch)
        return `latest: auto, the default branch ${context.branch}`;
    const version = parseVersion(context.gitTag);
    if (!version || version.prerelease.length > 0)
        return undefined;
    const higher = context.gitTags
        .map(parseVersion)
        .find((other) => other && other.prerelease.length === 0 && semver.gt(other, version));
    if (higher)
        return undefined;
    return `latest: auto, ${context.gitTag} is the highest release`;
}
/** What the templates stand for in this run. */
function templateValues(context, now) {
    const version = parseVersion(context.gitTag);
    const release = version && version.prerelease.length === 0 ? version : undefined;
    return {
        sha: context.sha.slice(0, 7),
        branch: context.branch ? (0,image_ref/* toTag */.yQ)(context.branch) : '',
        version: version ? (0,image_ref/* toTag */.yQ)(version.version) : '',
        major: release ? `${release.major}` : '',
        minor: release ? `${release.minor}` : '',
        patch: release ? `${release.patch}` : '',
        pr: context.pullRequest === undefined ? '' : `${context.pullRequest}`,
        run: context.runNumber,
        now,
    };
}
/** The version outputs and labels carry: the version, else the git tag, `pr-N`, the branch, `sha-<7>`. */
function runVersion(context) {
    const version = parseVersion(context.gitTag);
    if (version)
        return version.version;
    if (context.gitTag)
        return (0,image_ref/* toTag */.yQ)(context.gitTag);
    if (context.pullRequest !== undefined)
        return `pr-${context.pullRequest}`;
    if (context.branch)
        return (0,image_ref/* toTag */.yQ)(context.branch);
    return context.sha ? `sha-${context.sha.slice(0, 7)}` : '';
}
/** The default tags, bare, each with its rule. */
function defaultTags(context) {
    const tags = [];
    if (context.sha)
        tags.push([`sha-${context.sha.slice(0, 7)}`, 'default: the commit']);
    if (context.pullRequest !== undefined) {
        tags.push([`pr-${context.pullRequest}`, `default: pull request ${context.pullRequest}`]);
    }
    else if (context.branch) {
        tags.push([(0,image_ref/* toTag */.yQ)(context.branch), `default: the branch ${context.branch}`]);
    }
    if (context.gitTag) {
        const versions = versionTags(context.gitTag);
        const zero = parseVersion(context.gitTag)?.major === 0 ? ' (no 0 tag for a 0.x version)' : '';
        const rule = `default: the version tag ${context.gitTag}${zero}`;
        if (versions.length > 0)
            for (const tag of versions)
                tags.push([tag, rule]);
        else
            tags.push([(0,image_ref/* toTag */.yQ)(context.gitTag), `default: the git tag ${context.gitTag}`]);
    }
    return tags;
}
/**
 * Every tag of a run: the default tags, `latest`, then the `tags` entries, without repeats (the first
 * rule that made a tag is the one shown). An entry whose template has no value in this run (`{{pr}}`
 * on a push, `{{version}}` on a branch) is left out, and said so.
 */
function computeTags(image, settings, context, now) {
    const { prefix, suffix } = settings;
    const tags = [];
    const left = [];
    const add = (name, tag, rule) => {
        if (!(0,image_ref/* isValidTag */.r_)(tag))
            throw new Error(`tags: '${tag}' (${rule}) is not a valid tag`);
        const ref = `${name}:${tag}`;
        if (!tags.some((known) => known.ref === ref))
            tags.push({ ref, rule });
    };
    if (settings.defaultTags)
        for (const [tag, rule] of defaultTags(context))
            add(image.name, `${prefix}${tag}${suffix}`, rule);
    const latest = settings.latest === 'true'
        ? 'latest: true'
        : settings.latest === 'auto' && settings.defaultTags
            ? latestReason(context)
            : undefined;
    if (latest)
        add(image.name, 'latest', latest);
    const values = templateValues(context, now);
    for (const entry of settings.entries) {
        const { name, tag } = (0,templates/* splitEntry */.$d)(entry);
        if (!(0,templates/* hasTemplate */.rJ)(tag)) {
            add(name || image.name, tag, `tags: ${entry}`);
            continue;
        }
        const rendered = (0,templates/* renderTemplate */.Xm)(tag, values);
        if (rendered === undefined)
            left.push(`tags: ${entry} (a template has no value in this run)`);
        else
            add(name || image.name, `${prefix}${rendered}${suffix}`, `tags: ${entry}`);
    }
    return { tags, version: runVersion(context), left };
}

// EXTERNAL MODULE: ./lib/src/state.js
var state = __webpack_require__(723);
// EXTERNAL MODULE: ./lib/src/test-run/artifacts.js
var test_run_artifacts = __webpack_require__(2216);
;// CONCATENATED MODULE: ./lib/src/test-run/container.js
// Test: run the test command in the built image. The container is run attached without `--rm` and kept
// until the artifacts are copied out; main then removes it, and post removes it if the daemon refused.
// Nothing depends on `--rm` or `exec`, which some daemons cannot do. A test that runs past its timeout,
// or a run that is cancelled, stops the container (TERM, then KILL after a grace period): what the
// tests wrote so far stays in it, for the artifacts phase to copy out.






/**
 * Seconds between the TERM and the KILL of a test container that is stopped: after its timeout, and
 * when the run is cancelled (a runner gives a cancelled step about 7.5 s before it kills it, and the
 * reports must still be copied out in that time).
 */
const STOP_GRACE_SECONDS = { 'timed out': 10, cancelled: 2 };
/**
 * The test container's `docker run`. Its environment goes in a file of its own (`--env-file`), never
 * in the docker client's environment: `test-env` cannot change which daemon, binary or config the
 * client uses, and no value is in argv.
 */
function planTestContainer(request, envFile) {
    const argv = ['docker', 'run', '--name', request.name, '--label', 'berth.role=test'];
    if (request.networks?.[0])
        argv.push('--network', request.networks[0]);
    if (request.env.length > 0)
        argv.push('--env-file', envFile);
    argv.push('--entrypoint', '/bin/sh', request.image, '-c', request.command);
    return argv;
}
/** `docker stop`: TERM, then KILL after the grace period. */
function planStop(name, graceSeconds) {
    return ['docker', 'stop', '--time', String(graceSeconds), name];
}
/** The env file's lines; a value with a line break cannot go in one, and is refused by inputs.ts. */
function envFileText(env) {
    return env.map(({ key, value }) => `${key}=${value}\n`).join('');
}
/**
 * Runs the test container attached (one client call: create, start, attach, wait) and returns the test
 * command's exit code. Main records the name in the post state before calling this.
 */
async function runTestContainer(request) {
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_.join((0,external_node_os_.tmpdir)(), 'berth-test-'));
    const envFile = external_node_path_.join(dir, 'env');
    (0,external_node_fs_.writeFileSync)(envFile, envFileText(request.env), { mode: 0o600 });
    const argv = await joinedNetworks(planTestContainer(request, envFile), request).catch((error) => {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
        throw error;
    });
    core/* info */.pq(`test: container ${request.name}`);
    let stopped;
    const stop = (why) => {
        if (stopped)
            return;
        stopped = why;
        // the attached client returns once the container has stopped
        const grace = STOP_GRACE_SECONDS[why];
        (0,exec/* run */.eF)(planStop(request.name, grace), { allowFailure: true, timeoutMs: (grace + 30) * 1000 }).catch(() => undefined);
    };
    const timer = request.timeoutMs > 0 ? setTimeout(() => stop('timed out'), request.timeoutMs) : undefined;
    const onCancel = () => stop('cancelled');
    cancel/* cancelled */.KW.addEventListener('abort', onCancel, { once: true });
    if (cancel/* cancelled */.KW.aborted)
        onCancel();
    let result;
    try {
        result = await (0,exec/* run */.eF)(argv, { stream: true, untrustedOutput: true, allowFailure: true });
    }
    finally {
        clearTimeout(timer);
        cancel/* cancelled */.KW.removeEventListener('abort', onCancel);
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
    const exitCode = await exitCodeOf(request.name, argv, result);
    return stopped ? { exitCode, stopped } : { exitCode };
}
/**
 * `docker run` joins one network (engines before 25 take one `--network`): a container that joins
 * several is created, connected to the others, and started attached.
 */
async function joinedNetworks(argv, request) {
    const others = request.networks?.slice(1) ?? [];
    if (others.length === 0)
        return argv;
    await (0,exec/* run */.eF)(['docker', 'create', ...argv.slice(2)]);
    for (const network of others)
        await (0,exec/* run */.eF)(['docker', 'network', 'connect', network, request.name]);
    return ['docker', 'start', '--attach', request.name];
}
async function exitCodeOf(name, argv, result) {
    // a 0 is the command's own; anything else may be the client's (125: no container), so the
    // container's state says
    if (result.exitCode === 0)
        return 0;
    // only a container that ran and exited has the command's own code; one left `created` has a 0
    const state = await (0,exec/* run */.eF)(['docker', 'inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', name], {
        allowFailure: true,
    });
    const [status, code] = state.stdout.trim().split(' ');
    const exitCode = Number(code);
    if (state.exitCode === 0 && status === 'exited' && Number.isInteger(exitCode))
        return exitCode;
    throw new Error((0,exec/* describeFailure */.Ic)(argv, result));
}

// EXTERNAL MODULE: ./lib/src/test-run/services.js + 2 modules
var test_run_services = __webpack_require__(1337);
;// CONCATENATED MODULE: ./lib/src/test-run/phase.js
// The test and artifacts phases: the test command runs in the built image; its reports are copied out
// with `docker cp` while the push goes on, and the container is removed once they are out.







/** Removes the test container; one the daemon refuses to remove stays in the post state. */
async function removeTestContainer(name, log) {
    const { removed, why } = await (0,container/* removeContainer */.od)(name);
    if (!removed)
        return `test: the daemon did not remove ${name} (${why}); post tries again`;
    log.removed(name);
    return `test: removed ${name}`;
}
/** The phase of command `index` of `count`: `test` alone, else `test 2/3`. */
function phaseName(index, count) {
    return count === 1 ? 'test' : `test ${index + 1}/${count}`;
}
/** Where the reports of command `index` of `count` go: artifactsDest, or a folder of it for each. */
function commandDest(dest, index, count) {
    return count === 1 ? dest : external_node_path_.join(dest, `test-${index + 1}`);
}
/** Runs one command in a container of its own and starts copying its reports out. */
async function runOne(settings, image, index, services, report, log) {
    const count = settings.commands.length;
    const command = settings.commands[index] ?? '';
    const name = (0,container/* containerName */.xN)('test');
    const dest = commandDest(settings.artifactsDest, index, count);
    log.created(name, { path: settings.artifactsPath, dest });
    const { env, timeoutMs } = settings;
    const phase = phaseName(index, count);
    const end = await report.phase(phase, () => {
        if (count > 1)
            core/* info */.pq(`test: ${command}`);
        const networks = services?.networks ?? [];
        return runTestContainer({ image, command, env, name, timeoutMs, networks });
    });
    const why = end.stopped === 'timed out' ? `timed out after ${timeoutMs / 1000} s` : end.stopped;
    const passed = end.exitCode === 0 && !end.stopped;
    const what = count > 1 ? `${command}: ` : '';
    report.note(phase, `${what}${why ? `${why}, exit ${end.exitCode}` : `exit ${end.exitCode}`}`, passed ? 'ok' : 'failed');
    const copying = (0,core_report/* background */.Tp)((0,test_run_artifacts/* copyArtifacts */.v)(name, settings.artifactsPath, dest));
    // a container whose reports are not out is kept: post copies them before it removes it
    const removal = copying.work.then(() => {
        log.copied(name);
        return removeTestContainer(name, log);
    }, () => `test: ${name} kept, its reports are not out yet; post copies them, then removes it`);
    // read by finishArtifacts, which every path through main awaits
    copying.work.catch(() => undefined);
    return { end, copy: { copying, removal } };
}
/**
 * Runs the test commands in order, each in a container of its own, up to the first that fails, and
 * starts copying the reports of each out as it ends; undefined when there is no test command.
 */
async function testPhase(settings, imageId, report, log) {
    const count = settings.commands.length;
    if (count === 0) {
        report.skip('test', 'no test-command given');
        return undefined;
    }
    const reader = Promise.all(/* import() */[__webpack_require__.e(143), __webpack_require__.e(581), __webpack_require__.e(256)]).then(__webpack_require__.bind(__webpack_require__, 2256));
    // awaited by finishArtifacts, which every path through main awaits
    reader.catch(() => undefined);
    const services = await (0,test_run_services/* startServices */.Fp)(settings.services, imageId, report, log);
    const copies = [];
    let last = { exitCode: 0 };
    let label = 'test-command';
    for (let index = 0; index < count; index++) {
        if (last.exitCode !== 0 || last.stopped) {
            report.skip(phaseName(index, count), 'an earlier test command failed');
            continue;
        }
        const { end, copy } = await runOne(settings, imageId, index, services, report, log);
        copies.push(copy);
        last = end;
        if (count > 1)
            label = `test-command ${index + 1}/${count} (${settings.commands[index] ?? ''})`;
    }
    const passed = last.exitCode === 0 && !last.stopped;
    // a red run shows what the services said
    if (!passed && services)
        await (0,test_run_services/* showServiceLogs */.Ql)(services.states);
    core_report/* handoff */.NS.setOutput('test-exit-code', String(last.exitCode));
    report.outcome.testExitCode = last.exitCode;
    const why = last.stopped === 'timed out' ? `timed out after ${settings.timeoutMs / 1000} s` : last.stopped;
    const tested = {
        passed,
        reports: settings.reports,
        dir: settings.artifactsDest,
        copies,
        last: label,
        reader,
    };
    return why ? { ...tested, stopped: why } : tested;
}
/**
 * What the JUnit reports say: an error annotation for each failing test (its file and line when the
 * report gives them), a warning for a report that does not parse, the `tests` output and a summary
 * table with the failures and the slowest tests.
 */
function showReports(totals, dir, report, reader) {
    const { slowest, totalsLine } = reader;
    for (const { file, why } of totals.broken)
        core/* warning */.$e(`test-reports: ${external_node_path_.relative(dir, file)} does not parse as JUnit (${why})`);
    if (totals.cases.length === 0)
        return;
    const failed = totals.cases.filter((testcase) => testcase.status === 'failed');
    for (const testcase of failed) {
        core/* error */.z3(testcase.message || 'failed', {
            title: `${testcase.suite}: ${testcase.name}`,
            ...(testcase.file ? { file: testcase.file } : {}),
            ...(testcase.line ? { startLine: testcase.line } : {}),
        });
    }
    core_report/* handoff */.NS.setOutput('tests', totalsLine(totals));
    const { passed, skipped, seconds } = totals;
    const failedNames = failed.map((testcase) => testcase.name);
    report.outcome.tests = { passed, failed: failed.length, skipped, seconds, failedNames };
    const rows = [...failed, ...slowest(totals, 5).filter((testcase) => testcase.status !== 'failed')].map((testcase) => [
        testcase.suite,
        testcase.name,
        testcase.status === 'failed' ? `❌ ${testcase.message}` : testcase.status,
        `${testcase.seconds.toFixed(2)} s`,
    ]);
    report.sections.push({
        heading: 'Tests (failed, then the slowest)',
        rows: [['suite', 'test', 'result', 'time'], ...rows],
    });
}
/** The artifacts phase, written once the push phases are done: the copies' results and the removals. */
async function finishArtifacts(tested, report) {
    const started = Math.min(...tested.copies.map((copy) => copy.copying.started));
    const all = Promise.all(tested.copies.map((copy) => copy.copying.work));
    const copying = {
        work: all,
        started,
        ended: Promise.all(tested.copies.map((copy) => copy.copying.ended)).then((ends) => Math.max(...ends)),
    };
    try {
        const copied = await report.finished('artifacts', copying, (each) => each.forEach(test_run_artifacts/* showArtifacts */.NX));
        // each copy counted its own folder (test-N, or the one folder of a single command)
        const sum = (key) => copied.reduce((total, each) => total + each[key], 0);
        const artifacts = {
            dir: tested.dir,
            files: sum('files'),
            bytes: sum('bytes'),
            unreadable: sum('unreadable'),
            missing: '',
        };
        core_report/* handoff */.NS.setOutput('artifacts-dir', artifacts.dir);
        report.outcome.artifacts = artifacts;
        report.note('artifacts', (0,core_report/* counted */.hS)(artifacts.files, 'file'));
        if (copied.length > 0) {
            const reader = await tested.reader;
            showReports(reader.readReports(artifacts.dir, tested.reports), artifacts.dir, report, reader);
        }
    }
    finally {
        for (const copy of tested.copies)
            core/* info */.pq(await copy.removal);
    }
}

;// CONCATENATED MODULE: ./lib/src/main.js
// The main step, in the order the README tells it: setup, detect, login, cache, build, test, artifacts,
// push. The daemon's slower checks run beside the tests, once no build reads the workspace.


























const DAEMON_VARIABLES = [
    'DOCKER_HOST',
    'DOCKER_TLS_VERIFY',
    'DOCKER_CERT_PATH',
    'DOCKER_CONFIG',
    'DOCKER_CONTEXT',
];
function daemonEnv() {
    return Object.fromEntries(DAEMON_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
}
/** Cache and build; the stage cache images the run writes are made ready beside the tests. */
async function main_build(job) {
    const { settings, image, found, context, tags, report, checks } = job;
    const facts = found.builder();
    const session = await report.phase('cache', async () => readCache(settings.build, image, context, await facts, settings.publish.logins));
    const { builder } = session;
    report.note('cache', `${session.mode}, ${session.sources.cacheFrom.length} sources`);
    const labels = imageLabels(context, job.version, settings.build.labels);
    core_report/* handoff */.NS.setOutput('labels', JSON.stringify(labels));
    const writes = writesCacheOnPass(settings.publish, context, session);
    const request = {
        ...settings.build,
        builder,
        tags,
        labels,
        ...(0,cache_plan/* noCacheFlags */.zm)(settings.build.noCache, context.event),
        cacheTo: (0,cache_plan/* buildCacheTo */.e7)(builder, session.mode, session.caches, writes),
    };
    const apart = buildsApart(await facts, session.caches, request.noCache || session.mode === 'none') &&
        (await session.earlierCache);
    // a run that writes no cache (a pull request) tags no stage cache image either
    const caches = writes ? session.caches : session.caches.map((cache) => ({ ...cache, write: undefined }));
    const built = await report.phase('build', () => (apart ? buildInWaves : buildWithCache)(request, session.parsed, caches, session.sources, session.extra));
    const hits = built.rows.reduce((sum, row) => sum + row.hits, 0);
    const steps = built.rows.reduce((sum, row) => sum + row.steps, 0);
    const cacheHits = `${hits}/${steps}`;
    core_report/* handoff */.NS.setOutput('cache-hits', cacheHits);
    Object.assign(report.outcome, { cacheHits });
    report.sections.push(cacheSection(built));
    report.note('build', `${cacheHits} steps from cache, ${builder} builder${apart ? ', stages apart' : ''}`);
    // the stage cache images are tagged (or built from the local cache) while the tests run
    const cache = writes ? prepareCache(session, request, built, Boolean((await facts).buildx)) : undefined;
    // buildx exports an Actions cache with a second build of the context in the push phase: the checks
    // (whose probe puts a folder in the workspace) wait for the end of the run there
    if (!(cache && builder === 'buildx' && session.mode === 'actions'))
        checks(cache?.ready ?? Promise.resolve());
    const whole = (0,cache_plan/* wholeFromRepository */.im)(builder, built.rows, image.name);
    const made = { tags, context, session, cache, imageId: built.imageId, whole };
    return {
        runs: built.imageId,
        imageId: Promise.resolve(built.imageId),
        labels,
        publish: (passed) => publishPhases(settings.publish, made, passed, report),
    };
}
/**
 * An image built before, pulled, and the tags go on it: `build: false` (only the tags asked for), or a
 * tree already built, tested and pushed (this commit's tags).
 */
async function main_pull(job, reference, why) {
    const { settings, context, tags, report, checks } = job;
    const policy = pushPolicy(settings.publish);
    const { runs, imageId } = await report.phase('pull', () => (0,errors/* failsAs */.Q8)('registry', () => pullImage(reference, policy)));
    report.skip('build', why);
    // beside the tests, not the pull, which the run waits for
    checks(Promise.resolve());
    return {
        runs,
        imageId,
        labels: {},
        publish: async (passed) => publishPulled(settings.publish, { reference, imageId: await imageId, tags, context }, passed, report),
    };
}
/**
 * A tree built, tested and pushed before is pulled instead of built again; any other is built, and
 * recorded as tested once its image is pushed.
 */
async function buildOnce(job, lookup) {
    const { settings, image, report } = job;
    const { logins } = settings.publish;
    const tree = await lookup;
    if (tree.reuse) {
        const subject = await main_pull(job, tree.reuse.reference, tree.reuse.why);
        if (settings.build.testedTree !== 'trust')
            return subject;
        return { ...subject, untested: 'tested-tree is trust: the tests passed on this tree before' };
    }
    const built = await main_build(job);
    const publish = async (passed) => {
        await built.publish(passed);
        const { digest, pushed } = report.outcome;
        if (passed && digest && pushed?.length)
            await recordTestedTree(image, tree.key, { digest, imageId: await built.imageId }, logins);
    };
    return { ...built, publish };
}
/** Login, cache and build (or pull), test, artifacts, push. */
async function pipeline(job, record) {
    const { settings, image, report } = job;
    Object.assign(report.outcome, { image: image.name });
    const reading = readRunContext(process.env, settings.workspace);
    // the tree key is hashed while git answers and the login goes on (no lookup when build is false or
    // for a promotion), with the job's docker config as it was before the login; awaited by buildOnce (a
    // run that stops before, at a failed login, does not report it)
    const lookUp = () => findTestedTree(settings.build, image, reading, settings.publish.logins, { ...process.env });
    const tree = settings.pull || settings.publish.promoteFrom ? undefined : lookUp();
    tree?.catch(() => undefined);
    const context = await reading;
    // an image berth did not build gets only the tags asked for
    const tagSettings = settings.pull
        ? { ...settings.publish.tags, defaultTags: false }
        : settings.publish.tags;
    const computed = computeTags(image, tagSettings, context, new Date());
    const tags = computed.tags.map((tag) => tag.ref);
    showTags(computed, report);
    await loginPhase(settings.publish, report, record);
    if (settings.publish.promoteFrom)
        return promote(settings.publish, tags, computed.version, context, report);
    const run = { ...job, context, tags, version: computed.version };
    const subject = settings.pull
        ? await main_pull(run, settings.pull, `build is false: testing ${settings.pull}`)
        : await buildOnce(run, tree ?? lookUp());
    if (subject.untested)
        report.skip('test', subject.untested);
    const tested = subject.untested ? undefined : await testPhase(settings.test, subject.runs, report, record);
    const testsPassed = tested?.passed ?? true;
    // the reports are copied out while the push goes on; the artifacts phase is written after it
    const pushFailure = await (0,errors/* failsAs */.Q8)('registry', () => subject.publish(testsPassed)).then(noFailure, failed);
    // a failure to tell it is the push phase's, above
    const imageId = await subject.imageId.catch(() => '');
    core_report/* handoff */.NS.setOutput('image-id', imageId);
    report.outcome.imageId = imageId;
    const { digest = '' } = report.outcome;
    const metadata = { tags, labels: subject.labels, version: computed.version, digest, imageId };
    core_report/* handoff */.NS.setOutput('metadata', JSON.stringify(metadata));
    const copyFailure = tested
        ? await (0,errors/* failsAs */.Q8)('environment', () => finishArtifacts(tested, report)).then(noFailure, failed)
        : undefined;
    // cancelled: the reports written so far are out; the cancellation is the failure to report
    (0,cancel/* throwIfCancelled */.dZ)();
    const failures = [pushFailure, copyFailure].filter((failure) => failure !== undefined);
    // the first failure says what kind the run's failure is
    if (failures.length > 0)
        throw (0,errors/* withKind */.hT)((0,errors/* kindOf */.I)(failures[0]), new Error(failures.map(errors/* errorText */.kc).join('; ')));
    if (!testsPassed) {
        const names = report.outcome.tests?.failedNames ?? [];
        const which = names.length > 0
            ? `: ${(0,core_report/* counted */.hS)(names.length, 'test')} failed (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''})`
            : '';
        const how = tested?.stopped ?? `failed with exit code ${report.outcome.testExitCode}${which}`;
        const what = tested?.last ?? 'test-command';
        throw (0,errors/* withKind */.hT)('failed', new Error(`${what} ${how}; reports are in ${settings.test.artifactsDest}, nothing was pushed`));
    }
}
/**
 * Logs in to every registry given, into a docker config of the job's own (DOCKER_CONFIG for every
 * command berth starts from here on; exported to later steps with `logout: false`).
 */
async function loginPhase(publish, report, record) {
    const { logins, retries } = publish;
    if (logins.length === 0)
        return report.skip('login', 'no credentials given');
    const dir = (0,login/* jobDockerConfig */.Au)(process.env, logins.map((given) => given.registry));
    record.dockerConfig(dir);
    process.env.DOCKER_CONFIG = dir;
    if (!publish.logout)
        core_report/* handoff */.NS.exportVariable('DOCKER_CONFIG', dir);
    await report.phase('login', async () => {
        for (const credentials of logins) {
            record.loggedIn(credentials.registry);
            await (0,errors/* failsAs */.Q8)('registry', () => (0,login/* login */.iD)(credentials, retries));
        }
    });
    report.note('login', logins.map((given) => given.registry).join(', '));
}
/**
 * Promotion: the tags go on the manifest `promote-from` names, in the registry, with no build and no
 * test (that image was tested when it was built); the labels are the ones it was built with.
 */
async function promote(publish, tags, version, context, report) {
    for (const phase of ['cache', 'build', 'test'])
        report.skip(phase, `promote-from ${publish.promoteFrom}`);
    const decision = pushDecision(publish.push, context.event, true);
    if (!decision.push)
        return report.skip('push', decision.why);
    const from = (0,templates/* renderTemplate */.Xm)(publish.promoteFrom, templateValues(context, new Date()));
    if (!from)
        throw new Error(`promote-from: ${publish.promoteFrom} has a template with no value in this run`);
    const put = await report.phase('push', () => (0,errors/* failsAs */.Q8)('registry', () => putOnManifest(from, tags, publish.logins)));
    report.note('push', `${tags.length} tags on ${from}`);
    core_report/* handoff */.NS.setOutput('digest', put.digest);
    core_report/* handoff */.NS.setOutput('image-id', put.configDigest);
    const metadata = { tags, labels: {}, version, digest: put.digest, imageId: put.configDigest };
    core_report/* handoff */.NS.setOutput('metadata', JSON.stringify(metadata));
    Object.assign(report.outcome, { pushed: tags, digest: put.digest, imageId: put.configDigest });
}
/** The tags and the version: outputs, the log, and the summary's Tags table with the rule of each. */
function showTags(computed, report) {
    const tags = computed.tags.map((tag) => tag.ref);
    core_report/* handoff */.NS.setOutput('tags', tags.join('\n'));
    core_report/* handoff */.NS.setOutput('version', computed.version);
    Object.assign(report.outcome, { tags, version: computed.version });
    for (const tag of computed.tags)
        core/* info */.pq(`tag ${tag.ref}: ${tag.rule}`);
    for (const left of computed.left)
        core/* info */.pq(`tag left out: ${left}`);
    report.sections.push({
        heading: `Tags (version ${(0,core_report/* escapeHtml */.ZD)(computed.version || 'none')})`,
        rows: [
            ['tag', 'rule'],
            ...computed.tags.map((tag) => [(0,core_report/* escapeHtml */.ZD)(tag.ref), (0,core_report/* escapeHtml */.ZD)(tag.rule)]),
            ...computed.left.map((left) => ['(none)', (0,core_report/* escapeHtml */.ZD)(left)]),
        ],
    });
}
const noFailure = () => undefined;
const failed = (error) => error;
/** The summary's first line for a run that went through. */
function passedVerdict(report) {
    const { tests, testExitCode, pushed, image } = report.outcome;
    const tested = tests !== undefined
        ? `${(0,core_report/* counted */.hS)(tests.passed, 'test')} passed${tests.skipped ? `, ${tests.skipped} skipped` : ''}`
        : testExitCode === 0
            ? 'the tests passed'
            : 'built (no test-command)';
    const published = pushed?.length ? `pushed ${(0,core_report/* counted */.hS)(pushed.length, 'tag')}` : 'nothing pushed';
    return image ? `✅ ${image}: ${tested}; ${published}` : '✅ the daemon is set up';
}
/**
 * The last resort: a failure nothing awaited (work beside the tests) stops the run as a cancellation
 * does, so that main still stops the tests, copies the reports out and writes the summary.
 */
function stopOnStrayFailures() {
    const stray = (error) => {
        process.exitCode = 1;
        core/* error */.z3(`berth: ${(0,errors/* errorText */.kc)(error)}`);
        (0,cancel/* cancel */.ZT)(`berth stopped after an unexpected failure: ${(0,errors/* errorText */.kc)(error)}`);
    };
    process.on('unhandledRejection', stray);
    process.on('uncaughtException', stray);
}
/**
 * The main step; `settings` is what index.ts read from the inputs, or why they are not valid. A failure
 * fails the step (`core.setFailed`: exit code 1) and is also returned, for the CLI to tell its kind.
 */
async function main_main(settings) {
    const report = new core_report/* Report */.pl();
    const record = new state/* StateRecorder */.wp((name, value) => core_report/* handoff */.NS.saveState(name, value));
    let failure;
    (0,cancel/* cancelOnSignals */.dJ)();
    stopOnStrayFailures();
    try {
        if (settings instanceof Error)
            throw settings;
        for (const credentials of settings.publish.logins)
            (0,login/* maskCredentials */.Bs)(credentials);
        // another client, other plugins, another daemon: the early answers may no longer hold
        if (await (0,errors/* failsAs */.Q8)('environment', () => setup(settings.install, report, record)))
            (0,detect_early/* forgetEarly */.hR)();
        const found = await report.phase('detect', () => (0,errors/* failsAs */.Q8)('environment', () => findDaemon(settings.detect)));
        record.daemonEnv(daemonEnv());
        const at = report.sections.length;
        // the daemon's slower checks, started once (whatever `after` settles with)
        let checks;
        const startChecks = (after) => {
            const go = () => (0,core_report/* background */.Tp)(checkDaemon(settings.detect, found));
            return (checks ??= after.then(go, go));
        };
        // a prune must come before the build
        if (settings.detect.prune)
            await (await startChecks(Promise.resolve())).ended;
        try {
            if (settings.image) {
                const job = { settings, image: settings.image, found, report, checks: startChecks };
                await pipeline(job, record);
            }
            else
                report.skip('build', 'no image given: detect and set up only');
        }
        finally {
            // a cancelled run has no time for the checks (a runner kills a cancelled step within seconds)
            if (!cancel/* cancelled */.KW.aborted) {
                const done = await startChecks(Promise.resolve());
                publishEnvironment(await report.finished('daemon checks', done, showChecks), report, at);
            }
        }
        report.verdict = passedVerdict(report);
    }
    catch (error) {
        failure = error;
        report.verdict = `❌ ${(0,errors/* errorText */.kc)(error)}`;
        core/* setFailed */.C1((0,errors/* errorText */.kc)(error));
    }
    finally {
        // a stream cut short leaves workflow commands off: the summary and the failure must be read
        (0,exec/* endStreams */.pV)();
        await report.writeSummary().catch((error) => core/* warning */.$e(`summary: ${(0,errors/* errorText */.kc)(error)}`));
    }
    return { report, failure };
}


/***/ })

};
