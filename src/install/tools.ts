// The setup phase's work, loaded only when something is to be installed or started: docker, the
// compose and buildx plugins, the dedicated daemon, then a check that each reports the pinned version.
import { startDaemon, type DaemonState } from '../daemon/start.js';
import { installDocker } from './docker.js';
import { run } from '../core/exec.js';
import { checkBuildx, checkCompose, dockerVersions, sameVersion } from './check.js';
import type { InstallSettings } from './settings.js';
import type { PluginRecord } from './plugin-files.js';
import { installPlugin } from './plugins.js';
import type { InstalledTool } from './pipeline.js';

/** Where setup records what post must undo, as it makes it. */
export interface SetupLog {
  plugin(record: PluginRecord): void;
  daemon(state: DaemonState): void;
}

function row(tool: string, installed: InstalledTool & { version: string }, reports: string): string[] {
  return [tool, installed.version, installed.source, installed.checksum, reports];
}

async function dockerdMajor(binDir: string): Promise<number> {
  const said = await run([binDir ? `${binDir}/dockerd` : 'dockerd', '--version'], { allowFailure: true });
  return Number(/version (\d+)\./i.exec(said.stdout)?.[1] ?? 0);
}

/** Installs and starts what `install` asks for, adding a row per tool to `rows`. */
export async function installAll(
  install: InstallSettings,
  version: string,
  log: SetupLog,
  rows: string[][],
): Promise<void> {
  const docker = version
    ? await installDocker({ ...install.docker, version }, install.verify === 'strict')
    : undefined;

  const plugins: [string, InstalledTool & { version: string }][] = [];
  for (const plugin of ['compose', 'buildx'] as const) {
    const request = install[plugin];
    if (!request.version) continue;
    const installed = await installPlugin(plugin, request, install.verify === 'strict');
    log.plugin(installed.record);
    plugins.push([plugin, { ...installed, version: request.version }]);
  }

  let daemon: DaemonState | undefined;
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
  if (daemon) rows.push(['daemon', 'dedicated', daemon.layout.runDir, '-', process.env.DOCKER_HOST ?? '']);
}
