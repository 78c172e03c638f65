// Setup: install the pinned docker, compose and buildx, start a dedicated daemon when asked, check
// that everything reports the pinned versions, and say so in the summary. Post undoes it. This file
// decides and undoes; the work itself is in setup-install.ts.
import * as core from '@actions/core';
import * as io from '@actions/io';
import type { DaemonState } from '../daemon/start.js';
import { forgetEarly } from '../detect/early.js';
import { stopDaemon } from '../daemon/stop.js';
import type { InstallSettings } from './settings.js';
import { restorePlugins, type PluginRecord } from './plugin-files.js';
import type { Report } from '../core/report.js';
import type { PostState } from '../core/state.js';

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

/** The setup phase; skipped when nothing is pinned, docker is there and no daemon is asked for. */
export async function setup(install: InstallSettings, report: Report, state: PostState): Promise<void> {
  const wanted = await dockerWanted(install);
  if (!wanted && !install.compose.version && !install.buildx.version && install.daemon === 'existing') {
    report.skip('setup', 'nothing to install: using the docker that is there');
    return;
  }
  // another client, other plugins, another daemon: the early answers may no longer hold
  forgetEarly();
  if (process.platform !== 'linux') {
    throw new Error(
      `docker-version: berth installs docker and starts daemons on Linux only, not ${process.platform}`,
    );
  }
  const rows = [['tool', 'version', 'from', 'checksum', 'reports']];
  try {
    await report.phase('setup', async () => {
      // Most runs install nothing: the install pipeline (downloads, tool cache) is loaded only here.
      const { installAll } = await import('./tools.js');
      await installAll(install, wanted, state, rows);
    });
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
