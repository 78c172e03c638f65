// The post step: remove what berth created, log out, stop a daemon it started, put back the CLI plugins
// it replaced. It warns about what it could not do and never fails the job.
import { rmSync } from 'node:fs';
import * as core from '@actions/core';
import { removeContainer } from './core/container.js';
import { errorText } from './core/errors.js';
import { run } from './core/exec.js';
import { stopDaemon } from './daemon/stop.js';
import { restorePlugins } from './install/plugin-files.js';
import { planLogout } from './registry/login.js';
import { copyArtifacts } from './test-run/artifacts.js';
import { stopServices } from './test-run/services.js';
import type { PostState } from './state.js';

/**
 * Removes what main left; a container whose reports main could not copy (a cancelled or crashed run)
 * has them copied first, and is kept when that fails: nothing removes a report that is not out.
 */
async function removeContainers(names: readonly string[], reports: PostState['reports']): Promise<string[]> {
  const left: string[] = [];
  for (const name of names) {
    const inside = reports[name];
    if (inside) {
      try {
        const copied = await copyArtifacts(name, inside.path, inside.dest);
        core.info(`cleanup: copied the reports of ${name} to ${copied.dir} (${copied.files} files)`);
      } catch (error) {
        left.push(name);
        core.warning(
          `cleanup: kept container ${name}: its reports could not be copied (${errorText(error)})`,
        );
        continue;
      }
    }
    const { removed, why } = await removeContainer(name);
    if (removed) continue;
    left.push(name);
    core.warning(`cleanup: could not remove container ${name}: ${why}`);
  }
  return left;
}

/** Undoes what `state` lists; index.ts loads this step only when it lists something. */
export async function post(state: PostState): Promise<void> {
  try {
    Object.assign(process.env, state.daemonEnv);
    const left = await removeContainers(state.containers, state.reports ?? {});
    if (left.length > 0) core.warning(`cleanup: left behind on the daemon: ${left.join(', ')}`);
    for (const project of state.services ?? []) await stopServices(project);
    // the logins live in the job's docker config: removing it is the logout
    if (state.dockerConfig) rmSync(state.dockerConfig, { recursive: true, force: true });
    for (const registry of state.dockerConfig ? [] : state.logins) {
      const result = await run(planLogout(registry), { allowFailure: true, timeoutMs: 60_000 });
      if (result.exitCode !== 0)
        core.warning(`cleanup: logout from ${registry} failed: ${result.stderr.trim()}`);
    }
    if (state.daemon) await stopDaemon(state.daemon);
    restorePlugins(state.plugins);
  } catch (error) {
    core.warning(`cleanup: ${errorText(error)}`);
  }
}
