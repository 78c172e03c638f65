// Setup: install the pinned docker, compose and buildx, start a dedicated daemon when asked, check
// that everything reports the pinned versions, and say so in the summary. Post undoes it.
import * as core from '@actions/core';
import * as io from '@actions/io';
import { startDaemon, type DaemonState } from './daemon.js';
import { stopDaemon } from './daemon-stop.js';
import { installDocker } from './docker-install.js';
import { run } from './exec.js';
import { checkBuildx, checkCompose, dockerVersions, sameVersion } from './install-check.js';
import type { InstallSettings } from './install-settings.js';
import { installPlugin, restorePlugins, type PluginRecord } from './plugin-install.js';
import type { Report } from './report.js';
import { saveState, type PostState } from './state.js';
import type { InstalledTool } from './tool-install.js';

/** What post must undo. */
export interface SetupState {
  daemon?: DaemonState;
  plugins: PluginRecord[];
}

const onPath = async (tool: string): Promise<boolean> => (await io.which(tool, false)) !== '';

/** The docker version to install: the pin, or `latest` when what is needed is not on PATH. */
async function dockerWanted(install: InstallSettings): Promise<string> {
  if (install.docker.version) return install.docker.version;
  const needed = install.daemon === 'dedicated' ? ['docker', 'dockerd', 'containerd'] : ['docker'];
  for (const tool of needed) {
    if (!(await onPath(tool))) {
      core.info(`${tool} is not on PATH: installing the latest ${install.docker.channel} docker`);
      return 'latest';
    }
  }
  return '';
}

function row(tool: string, installed: InstalledTool & { version: string }, reports: string): string[] {
  return [tool, installed.version, installed.source, installed.checksum, reports];
}

async function dockerdMajor(binDir: string): Promise<number> {
  const said = await run([binDir ? `${binDir}/dockerd` : 'dockerd', '--version'], { allowFailure: true });
  return Number(/version (\d+)\./i.exec(said.stdout)?.[1] ?? 0);
}

async function installAll(
  install: InstallSettings,
  version: string,
  state: PostState,
  rows: string[][],
): Promise<void> {
  const setupState: SetupState = { plugins: [] };
  state.setup = setupState;
  const persist = (): void => saveState(state);
  const docker = version
    ? await installDocker({ ...install.docker, version }, install.verify === 'strict')
    : undefined;

  const plugins: [string, InstalledTool & { version: string }][] = [];
  for (const plugin of ['compose', 'buildx'] as const) {
    const request = install[plugin];
    if (!request.version) continue;
    const installed = await installPlugin(plugin, request, install.verify === 'strict');
    setupState.plugins.push(installed.record);
    persist();
    plugins.push([plugin, { ...installed, version: request.version }]);
  }

  if (install.daemon === 'dedicated') {
    const binDir = docker?.dir ?? '';
    setupState.daemon = await startDaemon({
      binDir,
      dockerMajor: await dockerdMajor(binDir),
      config: install.daemonConfig,
      tls: install.daemonTls,
      save: (daemon) => {
        setupState.daemon = daemon;
        persist();
      },
    });
  }

  const { client, server } = await dockerVersions();
  const dedicated = install.daemon === 'dedicated';
  if (docker) {
    if (!sameVersion(client, docker.version)) {
      throw new Error(
        `docker-version: installed ${docker.version}, but 'docker version' reports client ${client || 'none'}`,
      );
    }
    if (dedicated && !sameVersion(server, docker.version)) {
      throw new Error(
        `docker-version: the dedicated daemon runs ${docker.version}, but reports server ${server || 'none'}`,
      );
    }
  }
  const serverNote = server
    ? `server ${server} (${dedicated ? 'dedicated daemon' : 'the daemon that was there'})`
    : 'no daemon answers';
  if (docker) rows.push(row('docker', docker, `client ${client}, ${serverNote}`));
  else rows.push(['docker', 'what was there', 'PATH', '-', `client ${client || 'none'}, ${serverNote}`]);
  for (const [plugin, installed] of plugins) {
    rows.push(
      row(
        plugin,
        installed,
        plugin === 'compose' ? await checkCompose(installed.version) : await checkBuildx(installed.version),
      ),
    );
  }
  if (setupState.daemon)
    rows.push(['daemon', 'dedicated', setupState.daemon.layout.runDir, '-', process.env.DOCKER_HOST ?? '']);
}

/** The setup phase; skipped when nothing is pinned, docker is there and no daemon is asked for. */
export async function setup(install: InstallSettings, report: Report, state: PostState): Promise<void> {
  const wanted = await dockerWanted(install);
  if (!wanted && !install.compose.version && !install.buildx.version && install.daemon === 'existing') {
    report.skip('setup', 'nothing to install: using the docker that is there');
    return;
  }
  if (process.platform !== 'linux') {
    throw new Error(
      `docker-version: berth installs docker and starts daemons on Linux only, not ${process.platform}`,
    );
  }
  const rows = [['tool', 'version', 'from', 'checksum', 'reports']];
  try {
    await report.phase('setup', () => installAll(install, wanted, state, rows));
  } finally {
    if (rows.length > 1) report.sections.push({ heading: 'Installed', rows });
  }
  const unverified = rows.filter((cells) => cells[3]?.startsWith('unverified')).map((cells) => cells[0]);
  const done = rows.slice(1).map((cells) => `${cells[0]} ${cells[1]}`);
  report.note(
    'setup',
    [done.join(', '), unverified.length > 0 ? `unverified: ${unverified.join(', ')}` : '']
      .filter(Boolean)
      .join('; '),
  );
}

/** Post: stop the daemon, put the plugin files back. Never throws. */
export async function undoSetup(setupState: SetupState): Promise<void> {
  if (setupState.daemon) await stopDaemon(setupState.daemon);
  restorePlugins(setupState.plugins ?? []);
}
