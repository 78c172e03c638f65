// Setup: install the pinned docker, compose and buildx, start a dedicated daemon when asked, check
// that everything reports the pinned versions, and say so in the summary. Post undoes it. This file
// decides; the work itself is in tools.ts, loaded only when there is some.
import * as core from '@actions/core';
import * as io from '@actions/io';
import type { Report } from '../core/report.js';
import type { InstallSettings } from './settings.js';
import type { SetupLog } from './tools.js';

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

/**
 * The setup phase; skipped when nothing is pinned, docker is there and no daemon is asked for. True
 * when it installed or started something (another client, other plugins, another daemon).
 */
export async function setup(install: InstallSettings, report: Report, log: SetupLog): Promise<boolean> {
  const wanted = await dockerWanted(install);
  if (!wanted && !install.compose.version && !install.buildx.version && install.daemon === 'existing') {
    report.skip('setup', 'nothing to install: using the docker that is there');
    return false;
  }
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
      await installAll(install, wanted, log, rows);
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
  return true;
}
