export const id = 788;
export const ids = [788];
export const modules = {

/***/ 7772:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Al: () => (/* binding */ planRule),
/* harmony export */   EU: () => (/* binding */ planFirewall),
/* harmony export */   WZ: () => (/* binding */ planBridgeUp),
/* harmony export */   aK: () => (/* binding */ chooseDataParent),
/* harmony export */   g3: () => (/* binding */ planDaemonConfig),
/* harmony export */   tg: () => (/* binding */ planContainerdConfig),
/* harmony export */   u: () => (/* binding */ planLayout),
/* harmony export */   z8: () => (/* binding */ chooseNet)
/* harmony export */ });
/* unused harmony export deepMerge */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
// The dedicated daemon, planned: where its files go, which addresses it takes, its daemon.json and
// containerd config, and the commands that set up and take down its bridge and NAT rules.

function planLayout(id, runParent, dataParent, net) {
    const runDir = node_path__WEBPACK_IMPORTED_MODULE_0__.join(runParent, `berth-${id}`);
    return {
        id,
        runDir,
        dataDir: node_path__WEBPACK_IMPORTED_MODULE_0__.join(dataParent, `berth-${id}-data`),
        socket: node_path__WEBPACK_IMPORTED_MODULE_0__.join(runDir, 'docker.sock'),
        containerdSocket: node_path__WEBPACK_IMPORTED_MODULE_0__.join(runDir, 'containerd.sock'),
        bridge: `berth-${id}`,
        net,
    };
}
/** The candidate folder with the most free bytes; the first one on a tie. */
function chooseDataParent(candidates) {
    const best = candidates.reduce((chosen, candidate) => (!chosen || candidate.free > chosen.free ? candidate : chosen), undefined);
    if (!best)
        throw new Error('daemon: no folder to put the data root in');
    return best.path;
}
function range(cidr) {
    const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?$/.exec(cidr);
    if (!match)
        return undefined;
    const [a, b, c, d] = match.slice(1, 5).map(Number);
    const bits = match[5] === undefined ? 32 : Number(match[5]);
    const start = (((a << 24) >>> 0) + (b << 16) + (c << 8) + d) >>> 0;
    const size = 2 ** (32 - bits);
    const base = start - (start % size);
    return [base, base + size - 1];
}
/** The first `10.N` /16 (N from 100 to 199) that overlaps no address or route in use. */
function chooseNet(inUse) {
    const used = inUse.flatMap((cidr) => {
        const found = range(cidr);
        return found ? [found] : [];
    });
    for (let second = 100; second < 200; second++) {
        const [start, end] = range(`10.${second}.0.0/16`);
        if (!used.some(([from, to]) => from <= end && to >= start))
            return `10.${second}`;
    }
    throw new Error('daemon: every 10.100-10.199 /16 is in use; set bridge addresses in daemon-config');
}
/** Keys berth sets for its own bookkeeping; daemon-config may not change them. */
const OWNED = ['data-root', 'exec-root', 'pidfile', 'hosts', 'containerd', 'bridge', 'bip'];
const OWNED_TLS = ['tls', 'tlsverify', 'tlscacert', 'tlscert', 'tlskey'];
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Objects merge key by key, at every depth; arrays and scalars from `over` replace. */
function deepMerge(base, over) {
    const merged = { ...base };
    for (const [key, value] of Object.entries(over)) {
        const current = merged[key];
        merged[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
    }
    return merged;
}
function planDaemonConfig(layout, userConfig, tls, dockerMajor) {
    for (const key of [...OWNED, ...OWNED_TLS]) {
        if (key in userConfig) {
            throw new Error(`daemon-config: '${key}' is set by berth for the dedicated daemon; leave it out`);
        }
    }
    const base = {
        'data-root': node_path__WEBPACK_IMPORTED_MODULE_0__.join(layout.dataDir, 'docker'),
        'exec-root': node_path__WEBPACK_IMPORTED_MODULE_0__.join(layout.runDir, 'exec'),
        pidfile: node_path__WEBPACK_IMPORTED_MODULE_0__.join(layout.runDir, 'dockerd.pid'),
        hosts: [`unix://${layout.socket}`, ...(tls ? [`tcp://127.0.0.1:${tls.port}`] : [])],
        containerd: layout.containerdSocket,
        bridge: layout.bridge,
        'default-address-pools': [{ base: `${layout.net}.0.0/17`, size: 24 }],
        iptables: false,
        'shutdown-timeout': 5,
        // Before 23.0 dockerd writes a trust key to /etc/docker unless told otherwise.
        ...(dockerMajor > 0 && dockerMajor < 23
            ? { 'deprecated-key-path': node_path__WEBPACK_IMPORTED_MODULE_0__.join(layout.runDir, 'key.json') }
            : {}),
        ...(tls ? { tlsverify: true, tlscacert: tls.ca, tlscert: tls.cert, tlskey: tls.key } : {}),
    };
    const merged = deepMerge(base, userConfig);
    // dockerd 27 and later write ip6tables rules by default, even with iptables off (known since 20.10)
    if (merged.iptables === false && !('ip6tables' in userConfig) && dockerMajor >= 20)
        merged.ip6tables = false;
    return merged;
}
/** A containerd of its own: dockerd would otherwise adopt a system containerd's socket if there is one. */
function planContainerdConfig(layout) {
    const data = node_path__WEBPACK_IMPORTED_MODULE_0__.join(layout.dataDir, 'containerd');
    return [
        'version = 2',
        `root = "${data}/root"`,
        `state = "${layout.runDir}/containerd"`,
        'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
        '[grpc]',
        `  address = "${layout.containerdSocket}"`,
        '[plugins."io.containerd.internal.v1.opt"]',
        `  path = "${data}/opt"`,
        '',
    ].join('\n');
}
function planBridgeUp(layout) {
    return [
        ['ip', 'link', 'add', layout.bridge, 'type', 'bridge'],
        ['ip', 'addr', 'add', `${layout.net}.255.1/24`, 'dev', layout.bridge],
        ['ip', 'link', 'set', layout.bridge, 'up'],
    ];
}
/**
 * With `iptables: false` dockerd leaves the firewall alone (one that manages it rewrites the DOCKER
 * chains another daemon relies on), so berth adds NAT and forwarding for the daemon's own /16.
 */
function planFirewall(layout, config) {
    if (config.iptables !== false)
        return [];
    const own = `${layout.net}.0.0/16`;
    const tag = ['-m', 'comment', '--comment', `berth-${layout.id}`];
    return [
        { table: 'nat', chain: 'POSTROUTING', spec: ['-s', own, '!', '-d', own, ...tag, '-j', 'MASQUERADE'] },
        { table: 'filter', chain: 'FORWARD', spec: ['-s', own, ...tag, '-j', 'ACCEPT'] },
        {
            table: 'filter',
            chain: 'FORWARD',
            spec: ['-d', own, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', ...tag, '-j', 'ACCEPT'],
        },
    ];
}
function planRule(action, rule) {
    return ['iptables', '-t', rule.table, action, rule.chain, ...rule.spec];
}


/***/ }),

/***/ 2546:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f2: () => (/* binding */ rootArgv),
/* harmony export */   g0: () => (/* binding */ stopProcess),
/* harmony export */   tG: () => (/* binding */ startDetached),
/* harmony export */   uT: () => (/* binding */ processesUsing),
/* harmony export */   yV: () => (/* binding */ alive)
/* harmony export */ });
/* unused harmony export asRoot */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3838);
/* harmony import */ var _core_exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1195);
/* harmony import */ var _core_retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1746);
// Long-running processes the dedicated daemon needs (containerd, dockerd): started detached with
// their output in a log file, so the step can end while they run; found again and stopped by pid.





/** Runs as root already, or through `sudo -n` (keeping PATH, which sudo would reset). */
function asRoot(argv, uid, pathValue) {
    return uid === 0 ? [...argv] : ['sudo', '-n', 'env', `PATH=${pathValue}`, ...argv];
}
function rootArgv(argv) {
    return asRoot(argv, process.getuid?.() ?? 0, process.env.PATH ?? '');
}
/** Starts `argv` in a session of its own, stdout and stderr to `logFile`; returns its pid. */
function startDetached(argv, logFile) {
    const [command, ...args] = rootArgv(argv);
    if (!command)
        throw new Error('startDetached: empty command');
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .debug */ .Yz(`start: ${argv.join(' ')}`);
    const log = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(logFile, 'a');
    try {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, { detached: true, stdio: ['ignore', log, log] });
        if (child.pid === undefined)
            throw new Error(`could not start ${command}`);
        child.unref();
        return child.pid;
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(log);
    }
}
/** The process exists and is not a zombie. */
function alive(pid) {
    try {
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    }
    catch {
        return false;
    }
}
function cmdline(pid) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    }
    catch {
        return '';
    }
}
/** Live processes whose command line names `dir`: berth's daemons and the shims they started. */
function processesUsing(dir) {
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .map(Number)
        .filter((pid) => pid !== process.pid && cmdline(pid).includes(`${dir}/`) && alive(pid));
}
async function waitGone(pid, ms) {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await (0,_core_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .pause */ .v7)(200)) {
        if (!alive(pid))
            return true;
    }
    return !alive(pid);
}
async function signal(pid, name) {
    await (0,_core_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .run */ .eF)(rootArgv(['kill', `-${name}`, String(pid)]), { allowFailure: true, timeoutMs: 10_000 });
}
/**
 * TERM, wait, KILL: only when the pid still belongs to a process that names `dir` (a pid can be
 * reused). Returns false when it would not go.
 */
async function stopProcess(pid, dir, name, graceMs) {
    if (!alive(pid) || !cmdline(pid).includes(`${dir}/`))
        return true;
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`stopping ${name} (pid ${pid})`);
    await signal(pid, 'TERM');
    if (await waitGone(pid, graceMs))
        return true;
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`cleanup: ${name} (pid ${pid}) ignored TERM for ${graceMs / 1000} s; killing it`);
    await signal(pid, 'KILL');
    return waitGone(pid, 5_000);
}


/***/ }),

/***/ 2269:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F1: () => (/* binding */ placePlugin),
/* harmony export */   NH: () => (/* binding */ restorePlugins),
/* harmony export */   fn: () => (/* binding */ pluginDir)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3838);
/* harmony import */ var _core_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4773);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7657);
// Plugin files in the docker CLI's plugin folder: placing one keeps the file it replaces aside, and
// post puts those back. Kept apart from the download pipeline (plugins.ts), which post never needs.





function pluginDir(env) {
    return node_path__WEBPACK_IMPORTED_MODULE_1__.join((0,_core_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .dockerConfigDir */ .kG)(env), 'cli-plugins');
}
function placePlugin(source, target) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(target), { recursive: true });
    let backup;
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(target)) {
        backup = `${target}.berth-backup`;
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(target, backup);
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.copyFileSync)(source, target);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.chmodSync)(target, 0o755);
    return { file: target, backup };
}
/** Post: removes the plugin files berth wrote and puts back the ones they replaced. */
function restorePlugins(records) {
    for (const { file, backup } of [...records].reverse()) {
        try {
            if (backup && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(backup))
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(backup, file);
            else
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(file, { force: true });
        }
        catch (error) {
            _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`cleanup: could not restore ${file}: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorText */ .kc)(error)}`);
        }
    }
}


/***/ }),

/***/ 6788:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  post: () => (/* binding */ post)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: ./lib/src/core/container.js
var container = __webpack_require__(9743);
// EXTERNAL MODULE: ./lib/src/core/errors.js
var errors = __webpack_require__(7657);
// EXTERNAL MODULE: ./lib/src/core/exec.js
var exec = __webpack_require__(1195);
// EXTERNAL MODULE: ./lib/src/daemon/plan.js
var plan = __webpack_require__(7772);
// EXTERNAL MODULE: ./lib/src/daemon/process.js
var daemon_process = __webpack_require__(2546);
;// CONCATENATED MODULE: ./lib/src/daemon/stop.js
// Post: takes the dedicated daemon down and removes everything it created: processes, mounts,
// NAT rules, bridges, sockets and the data root. Warns about what it could not remove.






/** Mount points under any of `dirs`, deepest first, from /proc/self/mountinfo. */
function mountsUnder(mountinfo, dirs) {
    return mountinfo
        .split('\n')
        .map((line) => (line.split(' ')[4] ?? '').replace(/\\040/g, ' '))
        .filter((point) => dirs.some((dir) => point === dir || point.startsWith(`${dir}/`)))
        .sort((a, b) => b.length - a.length);
}
/** Bridges of the daemon's networks: its own, and `br-*` links with an address in its /16. */
function bridgesOf(ipAddrOutput, bridge, net) {
    const links = new Set();
    for (const line of ipAddrOutput.split('\n')) {
        const [, name, , address] = line.split(/\s+/);
        if (!name)
            continue;
        if (name === bridge || (name.startsWith('br-') && address?.startsWith(`${net}.`)))
            links.add(name);
    }
    return [...links];
}
async function step(what, body) {
    try {
        await body();
    }
    catch (error) {
        core/* warning */.$e(`cleanup: ${what}: ${(0,errors/* errorText */.kc)(error)}`);
    }
}
async function root(argv) {
    await (0,exec/* run */.eF)((0,daemon_process/* rootArgv */.f2)(argv), { timeoutMs: 60_000 });
}
async function stopDaemon(state) {
    const { layout } = state;
    const dirs = [layout.runDir, layout.dataDir];
    const log = `${layout.runDir}/dockerd.log`;
    if ((0,external_node_fs_.existsSync)(log))
        core/* info */.pq(`dockerd log, last lines:\n${(0,external_node_fs_.readFileSync)(log, 'utf8').split('\n').slice(-15).join('\n')}`);
    await step('stop dockerd', async () => {
        if (state.pids.dockerd && !(await (0,daemon_process/* stopProcess */.g0)(state.pids.dockerd, layout.runDir, 'dockerd', 20_000))) {
            throw new Error(`pid ${state.pids.dockerd} is still running`);
        }
    });
    await step('stop containerd', async () => {
        if (state.pids.containerd &&
            !(await (0,daemon_process/* stopProcess */.g0)(state.pids.containerd, layout.runDir, 'containerd', 10_000))) {
            throw new Error(`pid ${state.pids.containerd} is still running`);
        }
    });
    await step('stop leftover processes', async () => {
        for (const pid of (0,daemon_process/* processesUsing */.uT)(layout.runDir))
            await (0,daemon_process/* stopProcess */.g0)(pid, layout.runDir, `process ${pid}`, 2_000);
    });
    await step('unmount', async () => {
        for (const point of mountsUnder((0,external_node_fs_.readFileSync)('/proc/self/mountinfo', 'utf8'), dirs)) {
            const plain = await (0,exec/* run */.eF)((0,daemon_process/* rootArgv */.f2)(['umount', point]), { allowFailure: true, timeoutMs: 30_000 });
            if (plain.exitCode !== 0)
                await root(['umount', '-l', point]);
        }
    });
    for (const rule of state.rules) {
        await step(`remove ${rule.table} ${rule.chain} rule`, () => root((0,plan/* planRule */.Al)('-D', rule)));
    }
    if (state.bridgeCreated) {
        await step('remove bridges', async () => {
            const links = await (0,exec/* run */.eF)(['ip', '-o', '-4', 'addr', 'show'], { timeoutMs: 10_000 });
            const own = await (0,exec/* run */.eF)(['ip', 'link', 'show', layout.bridge], { allowFailure: true, timeoutMs: 10_000 });
            const names = bridgesOf(links.stdout, layout.bridge, layout.net);
            if (own.exitCode === 0 && !names.includes(layout.bridge))
                names.push(layout.bridge);
            for (const name of names)
                await root(['ip', 'link', 'delete', name]);
        });
    }
    for (const dir of dirs)
        await step(`remove ${dir}`, () => root(['rm', '-rf', '--one-file-system', dir]));
    core/* info */.pq(`dedicated daemon ${layout.id} stopped and removed`);
}

// EXTERNAL MODULE: ./lib/src/install/plugin-files.js
var plugin_files = __webpack_require__(2269);
// EXTERNAL MODULE: ./lib/src/registry/login.js
var login = __webpack_require__(9385);
// EXTERNAL MODULE: ./lib/src/test-run/artifacts.js
var artifacts = __webpack_require__(2216);
// EXTERNAL MODULE: ./lib/src/test-run/services.js + 2 modules
var services = __webpack_require__(1337);
;// CONCATENATED MODULE: ./lib/src/post.js
// The post step: remove what berth created, log out, stop a daemon it started, put back the CLI plugins
// it replaced. It warns about what it could not do and never fails the job.










/**
 * Removes what main left; a container whose reports main could not copy (a cancelled or crashed run)
 * has them copied first, and is kept when that fails: nothing removes a report that is not out.
 */
async function removeContainers(names, reports) {
    const left = [];
    for (const name of names) {
        const inside = reports[name];
        if (inside) {
            try {
                const copied = await (0,artifacts/* copyArtifacts */.v)(name, inside.path, inside.dest);
                core/* info */.pq(`cleanup: copied the reports of ${name} to ${copied.dir} (${copied.files} files)`);
            }
            catch (error) {
                left.push(name);
                core/* warning */.$e(`cleanup: kept container ${name}: its reports could not be copied (${(0,errors/* errorText */.kc)(error)})`);
                continue;
            }
        }
        const { removed, why } = await (0,container/* removeContainer */.od)(name);
        if (removed)
            continue;
        left.push(name);
        core/* warning */.$e(`cleanup: could not remove container ${name}: ${why}`);
    }
    return left;
}
/** Undoes what `state` lists; index.ts loads this step only when it lists something. */
async function post(state) {
    try {
        Object.assign(process.env, state.daemonEnv);
        const left = await removeContainers(state.containers, state.reports ?? {});
        if (left.length > 0)
            core/* warning */.$e(`cleanup: left behind on the daemon: ${left.join(', ')}`);
        for (const project of state.services ?? [])
            await (0,services/* stopServices */.RU)(project);
        // the logins live in the job's docker config: removing it is the logout
        if (state.dockerConfig)
            (0,external_node_fs_.rmSync)(state.dockerConfig, { recursive: true, force: true });
        for (const registry of state.dockerConfig ? [] : state.logins) {
            const result = await (0,exec/* run */.eF)((0,login/* planLogout */.w1)(registry), { allowFailure: true, timeoutMs: 60_000 });
            if (result.exitCode !== 0)
                core/* warning */.$e(`cleanup: logout from ${registry} failed: ${result.stderr.trim()}`);
        }
        if (state.daemon)
            await stopDaemon(state.daemon);
        (0,plugin_files/* restorePlugins */.NH)(state.plugins);
    }
    catch (error) {
        core/* warning */.$e(`cleanup: ${(0,errors/* errorText */.kc)(error)}`);
    }
}


/***/ })

};
