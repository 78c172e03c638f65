export const id = 536;
export const ids = [536];
export const modules = {

/***/ 2536:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  installAll: () => (/* binding */ installAll)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: ./lib/src/daemon/plan.js
var plan = __webpack_require__(7772);
// EXTERNAL MODULE: ./lib/src/daemon/process.js
var daemon_process = __webpack_require__(2546);
// EXTERNAL MODULE: ./lib/src/core/exec.js
var exec = __webpack_require__(1195);
;// CONCATENATED MODULE: ./lib/src/daemon/tls.js
// Certificates for the dedicated daemon's TLS listener, made for this run: a CA, a server certificate
// for 127.0.0.1 and localhost, and a client certificate in the layout DOCKER_CERT_PATH expects
// (ca.pem, cert.pem, key.pem). openssl makes them: node:crypto can make keys but cannot sign
// certificates.



const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
function planTls(dir) {
    const server = external_node_path_.join(dir, 'server');
    const client = external_node_path_.join(dir, 'client');
    const ca = external_node_path_.join(dir, 'ca');
    const file = (folder, name) => external_node_path_.join(folder, name);
    const sign = (csr, ext, out) => [
        'openssl',
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        file(ca, 'ca.pem'),
        '-CAkey',
        file(ca, 'ca-key.pem'),
        '-CAcreateserial',
        '-days',
        '2',
        '-sha256',
        '-extfile',
        ext,
        '-out',
        out,
    ];
    const request = (key, csr, name) => [
        'openssl',
        'req',
        '-new',
        ...EC,
        '-keyout',
        key,
        '-out',
        csr,
        '-subj',
        `/CN=${name}`,
    ];
    return {
        commands: [
            [
                'openssl',
                'req',
                '-x509',
                ...EC,
                '-days',
                '2',
                '-sha256',
                '-subj',
                '/CN=berth run CA',
                '-addext',
                'basicConstraints=critical,CA:TRUE',
                '-addext',
                'keyUsage=critical,keyCertSign,cRLSign',
                '-keyout',
                file(ca, 'ca-key.pem'),
                '-out',
                file(ca, 'ca.pem'),
            ],
            request(file(server, 'key.pem'), file(server, 'req.csr'), 'localhost'),
            sign(file(server, 'req.csr'), file(server, 'ext.cnf'), file(server, 'cert.pem')),
            request(file(client, 'key.pem'), file(client, 'req.csr'), 'berth client'),
            sign(file(client, 'req.csr'), file(client, 'ext.cnf'), file(client, 'cert.pem')),
        ],
        files: {
            [file(server, 'ext.cnf')]: 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
            [file(client, 'ext.cnf')]: 'extendedKeyUsage=clientAuth\n',
        },
        server: { ca: file(ca, 'ca.pem'), cert: file(server, 'cert.pem'), key: file(server, 'key.pem') },
        clientDir: client,
        keys: [file(ca, 'ca-key.pem'), file(server, 'key.pem'), file(client, 'key.pem')],
    };
}
async function makeCertificates(dir) {
    const plan = planTls(dir);
    for (const folder of ['ca', 'server', 'client'])
        (0,external_node_fs_.mkdirSync)(external_node_path_.join(dir, folder), { recursive: true, mode: 0o700 });
    for (const [file, text] of Object.entries(plan.files))
        (0,external_node_fs_.writeFileSync)(file, text);
    for (const argv of plan.commands)
        await (0,exec/* run */.eF)(argv, { timeoutMs: 30_000 });
    for (const key of plan.keys)
        (0,external_node_fs_.chmodSync)(key, 0o600);
    (0,external_node_fs_.copyFileSync)(plan.server.ca, external_node_path_.join(plan.clientDir, 'ca.pem'));
    return plan;
}

// EXTERNAL MODULE: ./lib/src/core/retry.js
var retry = __webpack_require__(1746);
// EXTERNAL MODULE: ./lib/src/core/report.js
var report = __webpack_require__(5296);
;// CONCATENATED MODULE: ./lib/src/daemon/start.js
// Starts the dedicated daemon: its own containerd, bridge, NAT rules, data root and sockets, then
// dockerd; waits until it answers and exports DOCKER_HOST (and the TLS variables) to later steps.












const START_TIMEOUT_MS = 60_000;
/** RUNNER_TEMP, the temp dir and /mnt (the large scratch disk of hosted runners), by free space. */
function dataParent() {
    const candidates = [process.env.RUNNER_TEMP, (0,external_node_os_.tmpdir)(), '/mnt'].flatMap((folder) => {
        if (!folder || !(0,external_node_fs_.existsSync)(folder))
            return [];
        try {
            (0,external_node_fs_.accessSync)(folder, external_node_fs_.constants.W_OK);
            const stats = (0,external_node_fs_.statfsSync)(folder);
            return [{ path: folder, free: stats.bavail * stats.bsize }];
        }
        catch {
            return [];
        }
    });
    return (0,plan/* chooseDataParent */.aK)(candidates);
}
async function addressesInUse() {
    const addresses = await (0,exec/* run */.eF)(['ip', '-o', '-4', 'addr', 'show'], { timeoutMs: 10_000 });
    const routes = await (0,exec/* run */.eF)(['ip', '-4', 'route', 'show'], { timeoutMs: 10_000 });
    return [
        ...[...addresses.stdout.matchAll(/\sinet\s+(\S+)/g)].map((match) => match[1] ?? ''),
        ...routes.stdout.split('\n').map((line) => line.split(' ')[0] ?? ''),
    ].filter((cidr) => /^\d/.test(cidr));
}
function freePort() {
    return new Promise((resolve, reject) => {
        const server = (0,external_node_net_.createServer)();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            const port = typeof address === 'object' && address ? address.port : 0;
            server.close(() => resolve(port));
        });
    });
}
function socketAnswers(socket) {
    return new Promise((resolve) => {
        const connection = (0,external_node_net_.createConnection)(socket);
        connection.on('connect', () => {
            connection.end();
            resolve(true);
        });
        connection.on('error', () => resolve(false));
    });
}
async function dockerAnswers(socket) {
    const result = await (0,exec/* run */.eF)(['docker', 'version', '--format', '{{.Server.Version}}'], {
        env: { DOCKER_HOST: `unix://${socket}`, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '', DOCKER_CONTEXT: '' },
        allowFailure: true,
        timeoutMs: 10_000,
    });
    return result.exitCode === 0 && result.stdout.trim() !== '';
}
function tail(file, lines) {
    try {
        return (0,external_node_fs_.readFileSync)(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    }
    catch {
        return '(no log)';
    }
}
/** Polls `ready` every 250 ms until it holds, the process dies or the time runs out; then shows the log. */
async function waitUntil(name, pid, log, ready) {
    const started = Date.now();
    while (!(await ready())) {
        const gone = !(0,daemon_process/* alive */.yV)(pid);
        if (gone || Date.now() - started > START_TIMEOUT_MS) {
            core/* info */.pq(`${name} log (${log}), last lines:\n${tail(log, 40)}`);
            const why = gone ? 'exited' : `did not answer within ${START_TIMEOUT_MS / 1000} s`;
            throw new Error(`daemon: ${name} ${why}: ${tail(log, 1)}`);
        }
        await (0,retry/* pause */.v7)(250);
    }
    core/* info */.pq(`${name} answers after ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const binary = (binDir, name) => (binDir ? external_node_path_.join(binDir, name) : name);
async function startDaemon(request) {
    const id = (0,external_node_crypto_.randomBytes)(4).toString('hex');
    const layout = (0,plan/* planLayout */.u)(id, (0,external_node_os_.tmpdir)(), dataParent(), (0,plan/* chooseNet */.z8)(await addressesInUse()));
    const state = { layout, pids: {}, bridgeCreated: false, rules: [] };
    request.save(state);
    (0,external_node_fs_.mkdirSync)(layout.runDir, { recursive: true, mode: 0o711 });
    (0,external_node_fs_.mkdirSync)(layout.dataDir, { recursive: true, mode: 0o711 });
    core/* info */.pq(`dedicated daemon: run dir ${layout.runDir}, data root ${layout.dataDir}, ${layout.net}.0.0/16`);
    const certificates = request.tls ? await makeCertificates(external_node_path_.join(layout.runDir, 'tls')) : undefined;
    const tls = certificates && { port: await freePort(), ...certificates.server };
    const config = (0,plan/* planDaemonConfig */.g3)(layout, request.config, tls, request.dockerMajor);
    (0,external_node_fs_.writeFileSync)(external_node_path_.join(layout.runDir, 'daemon.json'), JSON.stringify(config, null, 2));
    (0,external_node_fs_.writeFileSync)(external_node_path_.join(layout.runDir, 'containerd.toml'), (0,plan/* planContainerdConfig */.tg)(layout));
    state.bridgeCreated = true;
    request.save(state);
    for (const argv of (0,plan/* planBridgeUp */.WZ)(layout))
        await (0,exec/* run */.eF)((0,daemon_process/* rootArgv */.f2)(argv), { timeoutMs: 10_000 });
    if ((await (0,exec/* run */.eF)(['iptables', '--version'], { allowFailure: true, timeoutMs: 10_000 })).exitCode === 0) {
        for (const rule of (0,plan/* planFirewall */.EU)(layout, config)) {
            state.rules.push(rule);
            request.save(state);
            await (0,exec/* run */.eF)((0,daemon_process/* rootArgv */.f2)((0,plan/* planRule */.Al)('-I', rule)), { timeoutMs: 10_000 });
        }
    }
    /** Starts one of the daemon's processes, records its pid at once, and waits until it answers. */
    const start = async (name, flag, config, answers) => {
        const log = external_node_path_.join(layout.runDir, `${name}.log`);
        const pid = (0,daemon_process/* startDetached */.tG)([binary(request.binDir, name), flag, external_node_path_.join(layout.runDir, config)], log);
        state.pids[name] = pid;
        request.save(state);
        await waitUntil(name, pid, log, answers);
    };
    await start('containerd', '--config', 'containerd.toml', () => socketAnswers(layout.containerdSocket));
    await start('dockerd', '--config-file', 'daemon.json', () => dockerAnswers(layout.socket));
    report/* handoff */.NS.exportVariable('DOCKER_HOST', tls ? `tcp://127.0.0.1:${tls.port}` : `unix://${layout.socket}`);
    // Without TLS, empty values keep TLS settings meant for another daemon from reaching this one.
    report/* handoff */.NS.exportVariable('DOCKER_TLS_VERIFY', certificates ? '1' : '');
    report/* handoff */.NS.exportVariable('DOCKER_CERT_PATH', certificates ? certificates.clientDir : '');
    return state;
}

// EXTERNAL MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js + 2 modules
var tool_cache = __webpack_require__(9805);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: ./lib/src/core/errors.js
var errors = __webpack_require__(7657);
;// CONCATENATED MODULE: ./lib/src/install/download.js
// HTTP for installs: small text files (sum files, index pages) and archives, with retries of 5xx, 408
// and 429, and an idle timeout on every socket: a server that stops sending fails the download instead
// of hanging the job (the tool cache's own downloader has no timeout, so archives are fetched here).








const client = new lib/* HttpClient */.Qq('berth', [], { socketTimeout: 60_000 });
const ATTEMPTS = 4;
/** GETs a text file; undefined when the server says 404 (the file does not exist there). */
async function fetchText(url) {
    for (let attempt = 1;; attempt++) {
        let failure;
        try {
            const response = await client.get(url);
            const status = response.message.statusCode ?? 0;
            const body = await response.readBody();
            if (status === 200)
                return body;
            if (status === 404)
                return undefined;
            failure = `HTTP ${status}`;
            if (status < 500 && status !== 408 && status !== 429)
                throw new Error(`GET ${url}: ${failure}`);
        }
        catch (error) {
            if (error instanceof Error && error.message.startsWith('GET '))
                throw error;
            failure = (0,errors/* errorText */.kc)(error);
        }
        if (attempt >= ATTEMPTS)
            throw new Error(`GET ${url}: ${failure} after ${ATTEMPTS} attempts`);
        const delay = (0,retry/* backoffMs */.jo)(attempt - 1);
        core/* warning */.$e(`GET ${url}: ${failure}; retry ${attempt}/${ATTEMPTS - 1} in ${delay / 1000} s`);
        await (0,retry/* pause */.v7)(delay);
    }
}
/** Downloads to a temporary file; undefined on 404. */
async function downloadFile(url) {
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_.join(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'berth-download-'));
    const file = external_node_path_.join(dir, external_node_path_.basename(new URL(url).pathname) || 'download');
    for (let attempt = 1;; attempt++) {
        let failure;
        try {
            const response = await client.get(url);
            const status = response.message.statusCode ?? 0;
            if (status === 200) {
                await (0,promises_.pipeline)(response.message, (0,external_node_fs_.createWriteStream)(file));
                return file;
            }
            await response.readBody();
            if (status === 404) {
                (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
                return undefined;
            }
            failure = `HTTP ${status}`;
            if (status < 500 && status !== 408 && status !== 429)
                attempt = ATTEMPTS;
        }
        catch (error) {
            failure = (0,errors/* errorText */.kc)(error);
        }
        if (attempt >= ATTEMPTS) {
            (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
            throw new Error(`download of ${url} failed: ${failure}`);
        }
        const delay = (0,retry/* backoffMs */.jo)(attempt - 1);
        core/* warning */.$e(`GET ${url}: ${failure}; retry ${attempt}/${ATTEMPTS - 1} in ${delay / 1000} s`);
        await (0,retry/* pause */.v7)(delay);
    }
}

// EXTERNAL MODULE: ./lib/src/core/actions-cache.js
var actions_cache = __webpack_require__(9444);
;// CONCATENATED MODULE: ./lib/src/install/checksum.js
// Checksums: reading a published sum file, hashing a download, and deciding what a result means.


/**
 * The sha256 for `name` in a sum file: lines `<hex>  <name>` or `<hex> *<name>` (sha256sum's text and
 * binary forms), where the name may carry a path. A file with one bare `<hex>` line also counts.
 */
function parseSumFile(text, name) {
    const lines = text.split(/\r?\n/).map((line) => line.trim());
    for (const line of lines) {
        const match = /^([0-9a-fA-F]{64})(?:\s+\*?(.+))?$/.exec(line);
        if (!match?.[1])
            continue;
        const listed = match[2]?.trim();
        if (listed === undefined && lines.filter(Boolean).length === 1)
            return match[1].toLowerCase();
        if (listed !== undefined && listed.split('/').pop() === name)
            return match[1].toLowerCase();
    }
    return undefined;
}
function sha256File(file) {
    return new Promise((resolve, reject) => {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        (0,external_node_fs_.createReadStream)(file)
            .on('data', (chunk) => hash.update(chunk))
            .on('error', reject)
            .on('end', () => resolve(hash.digest('hex')));
    });
}
/** Judges a download: matching sum, mismatch (refused), or no sum at all (warning, or refused if strict). */
function judge(label, url, actual, expected, strict) {
    if (expected) {
        if (expected.sha256 === actual)
            return { ok: true, checksum: `sha256 verified (${expected.from})` };
        return {
            ok: false,
            error: `${label}: checksum mismatch for ${url}: expected sha256 ${expected.sha256} (${expected.from}), got ${actual}; nothing was installed or cached`,
        };
    }
    const missing = `${label}: no checksum for ${url} (no ${label}-sha256 input, no published sum file)`;
    if (strict)
        return { ok: false, error: `${missing}; refused because verify is strict` };
    return {
        ok: true,
        checksum: 'unverified: no checksum found',
        warning: `${missing}; installed unverified (sha256 ${actual})`,
    };
}

;// CONCATENATED MODULE: ./lib/src/install/pipeline.js
// One install pipeline for docker, compose and buildx: tool cache -> download (or the Actions cache)
// -> verify -> unpack -> tool cache. Nothing unverified enters either cache unless the sum is missing
// everywhere and verify is `warn`.









/** Written into every cached tool directory: what was verified, so a later run can say it. */
const MARKER = '.berth-install.json';
/** Outside a runner there is no tool cache or temp dir: berth keeps its own under the temp dir. */
function ensureRunnerDirs(env = process.env) {
    env.RUNNER_TEMP ||= external_node_path_.join((0,external_node_os_.tmpdir)(), 'berth-temp');
    env.RUNNER_TOOL_CACHE ||= external_node_path_.join((0,external_node_os_.tmpdir)(), 'berth-tool-cache');
    (0,external_node_fs_.mkdirSync)(env.RUNNER_TEMP, { recursive: true });
}
/** The sha256 of every regular file under `dir` (but the marker), by path relative to it. */
async function fileSums(dir) {
    const sums = {};
    for (const entry of (0,external_node_fs_.readdirSync)(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || entry.name === MARKER)
            continue;
        const file = external_node_path_.join(entry.parentPath, entry.name);
        sums[external_node_path_.relative(dir, file)] = await sha256File(file);
    }
    return sums;
}
/**
 * A tool cache entry, checked again every time it is used: the tool cache may be a folder anyone on the
 * machine can write (outside a runner, a folder under the temp dir). One whose files are not what was
 * verified when it was installed is removed and installed again.
 */
async function fromToolCache(spec) {
    const dir = tool_cache/* find */.I6(spec.cacheName, spec.version, spec.arch);
    if (!dir || !(0,external_node_fs_.existsSync)(external_node_path_.join(dir, MARKER)))
        return undefined;
    let marker;
    try {
        marker = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_.join(dir, MARKER), 'utf8'));
    }
    catch {
        marker = { checksum: '', sha256: '' }; // unreadable record: treated as no record of its files
    }
    if (spec.sha256 && marker.sha256 !== spec.sha256) {
        core/* info */.pq(`${spec.label}: the tool cache holds ${spec.version} with another sha256; downloading again`);
        return undefined;
    }
    const now = await fileSums(dir);
    const recorded = marker.files ?? {};
    const changed = [...new Set([...Object.keys(recorded), ...Object.keys(now)])].filter((file) => recorded[file] !== now[file]);
    if (!marker.files || changed.length > 0) {
        core/* warning */.$e(`${spec.label}: the tool cache entry at ${dir} is not what was verified when it was installed (${marker.files ? `changed: ${changed.join(', ')}` : 'no record of its files'}); installing again`);
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
        return undefined;
    }
    const { checksum, sha256 } = marker;
    return { dir, source: 'tool cache', checksum, sha256 };
}
/** A plain-HTTP download is readable and changeable on the way, but on this machine (a local mirror). */
function checkTransport(spec) {
    const url = new URL(spec.url);
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'http:' || local)
        return;
    if (spec.strict)
        throw new Error(`${spec.label}: ${spec.url} is plain HTTP; refused because verify is strict (use https)`);
    core/* warning */.$e(`${spec.label}: ${spec.url} is plain HTTP, which anyone on the way can read and change (use https)`);
}
function actionsCacheKey(spec) {
    return `berth-${spec.cacheName}-${spec.version}-${spec.arch}-${external_node_path_.basename(spec.url)}`;
}
/** Where a download sits while the Actions cache saves or restores it; the same path every run. */
function persistedPath(spec) {
    return external_node_path_.join(process.env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), 'berth-downloads', actionsCacheKey(spec));
}
async function restoreDownload(spec) {
    const cache = await (0,actions_cache/* cacheService */.qI)();
    if (!cache)
        return undefined;
    const file = persistedPath(spec);
    try {
        const hit = await cache.restoreCache([file], actionsCacheKey(spec));
        return hit && (0,external_node_fs_.existsSync)(file) ? file : undefined;
    }
    catch (error) {
        core/* info */.pq(`${spec.label}: Actions cache not used (${(0,errors/* errorText */.kc)(error)})`);
        return undefined;
    }
}
async function saveDownload(spec, file) {
    const cache = await (0,actions_cache/* cacheService */.qI)();
    if (!cache)
        return;
    const target = persistedPath(spec);
    try {
        (0,external_node_fs_.mkdirSync)(external_node_path_.dirname(target), { recursive: true });
        (0,external_node_fs_.copyFileSync)(file, target);
        await cache.saveCache([target], actionsCacheKey(spec));
    }
    catch (error) {
        core/* info */.pq(`${spec.label}: Actions cache not saved (${(0,errors/* errorText */.kc)(error)})`);
    }
}
async function expectedSum(spec) {
    if (spec.sha256)
        return { sha256: spec.sha256, from: `input ${spec.label}-sha256` };
    const text = await fetchText(spec.sumUrl);
    const sha256 = text === undefined ? undefined : parseSumFile(text, spec.sumName);
    if (text !== undefined && sha256 === undefined) {
        core/* warning */.$e(`${spec.label}: ${spec.sumUrl} does not list ${spec.sumName}`);
    }
    return sha256 ? { sha256, from: spec.sumUrl } : undefined;
}
async function installTool(spec) {
    ensureRunnerDirs();
    const cached = await fromToolCache(spec);
    if (cached) {
        core/* info */.pq(`${spec.label} ${spec.version}: found in the tool cache at ${cached.dir}`);
        return cached;
    }
    checkTransport(spec);
    const restored = await restoreDownload(spec);
    core/* info */.pq(`${spec.label} ${spec.version}: ${restored ? 'restored from the Actions cache' : spec.url}`);
    const file = restored ?? (await downloadFile(spec.url));
    if (!file)
        throw await spec.notFound();
    const actual = await sha256File(file);
    const verdict = judge(spec.label, spec.url, actual, await expectedSum(spec), spec.strict);
    if (!verdict.ok)
        throw new Error(verdict.error);
    if ('warning' in verdict)
        core/* warning */.$e(verdict.warning);
    else
        core/* info */.pq(`${spec.label}: ${verdict.checksum}: ${actual}`);
    const unpacked = (0,external_node_fs_.mkdtempSync)(external_node_path_.join(process.env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), `berth-${spec.label}-`));
    await spec.unpack(file, unpacked);
    const record = { checksum: verdict.checksum, sha256: actual };
    const marker = { ...record, files: await fileSums(unpacked) };
    (0,external_node_fs_.writeFileSync)(external_node_path_.join(unpacked, MARKER), JSON.stringify(marker));
    const dir = await tool_cache/* cacheDir */.e8(unpacked, spec.cacheName, spec.version, spec.arch);
    if (!restored)
        await saveDownload(spec, file);
    // a download sits in a folder of its own; a restored one where the Actions cache keeps it
    for (const temporary of [restored ? file : external_node_path_.dirname(file), unpacked])
        (0,external_node_fs_.rmSync)(temporary, { recursive: true, force: true });
    return { dir, source: restored ? 'Actions cache' : 'download', ...record };
}

;// CONCATENATED MODULE: ./lib/src/install/docker.js
// Docker from the static archives: `<base>/<channel>/<arch>/docker-<version>.tgz`, `latest` read from
// the index page of that folder, the archive's `docker/` folder put on PATH.






/** The archive folder's name for node's `process.arch`. */
function dockerArch(nodeArch) {
    const arch = { x64: 'x86_64', arm64: 'aarch64' }[nodeArch];
    if (!arch)
        throw new Error(`docker-version: no static docker archives for ${nodeArch}; use x64 or arm64`);
    return arch;
}
function dockerFolderUrl(base, channel, arch) {
    return `${base}/${channel}/${arch}/`;
}
function dockerArchiveUrl(base, channel, arch, version) {
    return `${dockerFolderUrl(base, channel, arch)}docker-${version}.tgz`;
}
/** Versions an index page links to as `docker-<version>.tgz`, newest first (rootless extras aside). */
function indexVersions(html) {
    const found = new Set();
    for (const match of html.matchAll(/href="(?:[^"]*\/)?docker-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.tgz"/g)) {
        if (match[1] && semver.valid(match[1]))
            found.add(match[1]);
    }
    return [...found].sort(semver.rcompare);
}
/** The highest version; pre-releases only on the test channel. */
function pickLatest(versions, channel) {
    return versions.find((version) => channel === 'test' || semver.prerelease(version) === null);
}
async function listVersions(settings, arch) {
    const url = dockerFolderUrl(settings.downloadUrl, settings.channel, arch);
    const html = await fetchText(url);
    if (html === undefined)
        throw new Error(`docker-version: no index page at ${url} (HTTP 404)`);
    return indexVersions(html);
}
async function resolveVersion(settings, arch) {
    if (settings.version !== 'latest' && settings.version !== '')
        return settings.version;
    const versions = await listVersions(settings, arch);
    const latest = pickLatest(versions, settings.channel);
    const url = dockerFolderUrl(settings.downloadUrl, settings.channel, arch);
    if (!latest)
        throw new Error(`docker-version: no ${settings.channel} release listed at ${url}`);
    core/* info */.pq(`docker: latest ${settings.channel} release at ${url} is ${latest}`);
    return latest;
}
/** Installs the pinned (or latest) archive and puts its folder first on PATH, for berth and later steps. */
async function installDocker(settings, strict) {
    const arch = dockerArch(process.arch);
    const version = await resolveVersion(settings, arch);
    const url = dockerArchiveUrl(settings.downloadUrl, settings.channel, arch, version);
    const installed = await installTool({
        label: 'docker',
        cacheName: `docker-archive-${settings.channel}`,
        version,
        arch,
        url,
        sha256: settings.sha256,
        sumUrl: `${url}.sha256`,
        sumName: `docker-${version}.tgz`,
        strict,
        unpack: async (file, dir) => {
            await tool_cache/* extractTar */.nN(file, dir);
        },
        notFound: async () => {
            const known = await listVersions(settings, arch).catch(() => []);
            const listed = known.length > 0 ? `; versions there: ${known.slice(0, 12).join(', ')}` : '';
            return new Error(`docker-version: ${version} is not at ${url} (HTTP 404)${listed}`);
        },
    });
    const bin = `${installed.dir}/docker`;
    report/* handoff */.NS.addPath(bin);
    return { ...installed, dir: bin, version };
}

;// CONCATENATED MODULE: ./lib/src/install/check.js

/**
 * Whether a tool reports the pinned version. A leading `v`, build metadata (`+dfsg4`, `+ds1`) and a
 * distribution's revision (`-3`: digits alone after the last `-`) are not part of the version, so
 * Debian's `28.5.2+dfsg4`, `0.29.1+ds1` and `2.40.3-3` match pins 28.5.2, 0.29.1 and 2.40.3; a
 * release candidate (`28.0.0-rc.1`) matches only its own pin.
 */
function sameVersion(reported, pinned) {
    const bare = reported.trim().replace(/^v/, '').replace(/\+.*$/, '');
    return bare === pinned || bare.replace(/-\d+$/, '') === pinned;
}
async function dockerVersions() {
    const result = await (0,exec/* run */.eF)(['docker', 'version', '--format', '{{json .}}'], {
        allowFailure: true,
        timeoutMs: 30_000,
    });
    try {
        const parsed = JSON.parse(result.stdout);
        return { client: parsed.Client?.Version ?? '', server: parsed.Server?.Version ?? '' };
    }
    catch {
        return { client: '', server: '' };
    }
}
async function say(argv) {
    const result = await (0,exec/* run */.eF)(argv, { allowFailure: true, timeoutMs: 30_000 });
    return result.exitCode === 0
        ? result.stdout.trim()
        : `(failed: ${(result.stderr || result.stdout).trim()})`;
}
/** Checks that both spellings of compose report the pinned version; returns what they said. */
async function checkCompose(pinned) {
    const plugin = await say(['docker', 'compose', 'version', '--short']);
    const standalone = await say(['docker-compose', 'version', '--short']);
    for (const [how, said] of [
        ['docker compose', plugin],
        ['docker-compose', standalone],
    ]) {
        if (!sameVersion(said, pinned)) {
            throw new Error(`compose-version: installed ${pinned}, but '${how} version' reports ${said}`);
        }
    }
    return `docker compose ${plugin}, docker-compose ${standalone}`;
}
async function checkBuildx(pinned) {
    const said = await say(['docker', 'buildx', 'version']);
    const version = said.split(/\s+/).find((word) => /^v?\d+\.\d+\.\d+/.test(word)) ?? said;
    if (!sameVersion(version, pinned)) {
        throw new Error(`buildx-version: installed ${pinned}, but 'docker buildx version' reports ${said}`);
    }
    return `docker buildx ${version}`;
}

// EXTERNAL MODULE: ./lib/src/install/plugin-files.js
var plugin_files = __webpack_require__(2269);
;// CONCATENATED MODULE: ./lib/src/install/plugins.js
// Compose v2 and buildx from their GitHub release layouts, installed as docker CLI plugins in
// `$DOCKER_CONFIG/cli-plugins`; compose also as `docker-compose` on PATH. A plugin file that was
// there before is kept aside and put back by post (plugin-files.ts).






function pluginAsset(plugin, base, version, nodeArch) {
    const arches = plugin === 'compose' ? { x64: 'x86_64', arm64: 'aarch64' } : { x64: 'amd64', arm64: 'arm64' };
    const arch = arches[nodeArch];
    if (!arch)
        throw new Error(`${plugin}-version: no ${plugin} release asset for ${nodeArch}`);
    if (plugin === 'compose') {
        const name = `docker-compose-linux-${arch}`;
        return {
            url: `${base}/v${version}/${name}`,
            sumUrl: `${base}/v${version}/${name}.sha256`,
            sumName: name,
            arch,
        };
    }
    const name = `buildx-v${version}.linux-${arch}`;
    return {
        url: `${base}/v${version}/${name}`,
        sumUrl: `${base}/v${version}/checksums.txt`,
        sumName: name,
        arch,
    };
}
async function installPlugin(plugin, request, strict) {
    const asset = pluginAsset(plugin, request.downloadUrl, request.version, process.arch);
    const binary = `docker-${plugin}`;
    const installed = await installTool({
        label: plugin,
        cacheName: `${plugin}-bin`,
        version: request.version,
        arch: asset.arch,
        url: asset.url,
        sha256: request.sha256,
        sumUrl: asset.sumUrl,
        sumName: asset.sumName,
        strict,
        unpack: async (file, dir) => {
            (0,external_node_fs_.copyFileSync)(file, external_node_path_.join(dir, binary));
            (0,external_node_fs_.chmodSync)(external_node_path_.join(dir, binary), 0o755);
        },
        notFound: async () => new Error(`${plugin}-version: ${request.version} is not at ${asset.url} (HTTP 404); see the releases at ${request.downloadUrl.replace(/\/download$/, '')}`),
    });
    const record = (0,plugin_files/* placePlugin */.F1)(external_node_path_.join(installed.dir, binary), external_node_path_.join((0,plugin_files/* pluginDir */.fn)(process.env), binary));
    if (plugin === 'compose')
        report/* handoff */.NS.addPath(installed.dir);
    core/* info */.pq(`${plugin} ${request.version}: CLI plugin at ${record.file}`);
    return { ...installed, record };
}

;// CONCATENATED MODULE: ./lib/src/install/tools.js
// The setup phase's work, loaded only when something is to be installed or started: docker, the
// compose and buildx plugins, the dedicated daemon, then a check that each reports the pinned version.





function row(tool, installed, reports) {
    return [tool, installed.version, installed.source, installed.checksum, reports];
}
async function dockerdMajor(binDir) {
    const said = await (0,exec/* run */.eF)([binDir ? `${binDir}/dockerd` : 'dockerd', '--version'], { allowFailure: true });
    return Number(/version (\d+)\./i.exec(said.stdout)?.[1] ?? 0);
}
/** Installs and starts what `install` asks for, adding a row per tool to `rows`. */
async function installAll(install, version, log, rows) {
    const docker = version
        ? await installDocker({ ...install.docker, version }, install.verify === 'strict')
        : undefined;
    const plugins = [];
    for (const plugin of ['compose', 'buildx']) {
        const request = install[plugin];
        if (!request.version)
            continue;
        const installed = await installPlugin(plugin, request, install.verify === 'strict');
        log.plugin(installed.record);
        plugins.push([plugin, { ...installed, version: request.version }]);
    }
    let daemon;
    if (install.daemon === 'dedicated') {
        const binDir = docker?.dir ?? '';
        daemon = await startDaemon({
            binDir,
            dockerMajor: await dockerdMajor(binDir),
            config: install.daemonConfig,
            tls: install.daemonTls,
            save: (state) => log.daemon(state),
        });
    }
    const { client, server } = await dockerVersions();
    const dedicated = install.daemon === 'dedicated';
    if (docker) {
        if (!sameVersion(client, docker.version)) {
            throw new Error(`docker-version: installed ${docker.version}, but 'docker version' reports client ${client || 'none'}`);
        }
        if (dedicated && !sameVersion(server, docker.version)) {
            throw new Error(`docker-version: the dedicated daemon runs ${docker.version}, but reports server ${server || 'none'}`);
        }
    }
    const serverNote = server
        ? `server ${server} (${dedicated ? 'dedicated daemon' : 'the daemon that was there'})`
        : 'no daemon answers';
    if (docker)
        rows.push(row('docker', docker, `client ${client}, ${serverNote}`));
    else
        rows.push(['docker', 'what was there', 'PATH', '-', `client ${client || 'none'}, ${serverNote}`]);
    for (const [plugin, installed] of plugins) {
        rows.push(row(plugin, installed, plugin === 'compose' ? await checkCompose(installed.version) : await checkBuildx(installed.version)));
    }
    if (daemon)
        rows.push(['daemon', 'dedicated', daemon.layout.runDir, '-', process.env.DOCKER_HOST ?? '']);
}


/***/ })

};
