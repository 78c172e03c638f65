// The detection result where a person and later steps read it: the `environment` and `docker-host`
// outputs, a log line, and the "Environment" table of the job summary.
import * as core from '@actions/core';
import type { Environment } from './environment.js';
import { formatBytes, handoff, type Report } from '../core/report.js';

function yesNo(value: boolean | null): string {
  return value === null ? 'unknown' : value ? 'yes' : 'no';
}

function diskSource({ disk, daemon }: Environment): string {
  if (disk.source === 'data root') return `statfs of the daemon's data root (${daemon.rootDir})`;
  return disk.source === 'probe' ? 'df in the probe container' : 'not read';
}

/** `buildkit (buildx builder default, docker driver, classic image store)`. */
export function builderText({ builder }: Pick<Environment, 'builder'>): string {
  const { kind, buildx, imageStore } = builder;
  const parts = [
    buildx ? `buildx builder ${buildx.name}, ${buildx.driver} driver` : '',
    imageStore ? `${imageStore} image store` : '',
    kind === 'buildx' ? 'registry cache' : kind === 'buildkit' ? 'inline cache per stage' : '',
  ].filter(Boolean);
  return parts.length > 0 ? `${kind} (${parts.join(', ')})` : kind;
}

/** The summary table: one row per fact, header first. */
export function environmentRows(environment: Environment): string[][] {
  const { ci, daemon, workspace, disk, container, compose } = environment;
  const free = disk.freeBytes === null ? 'unknown' : formatBytes(disk.freeBytes);
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
      `${daemon.storageDriver}, ${free} free (min ${formatBytes(disk.minFreeBytes)})${disk.pruned ? ', pruned' : ''}`,
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
export function showChecks(environment: Environment): void {
  for (const warning of environment.warnings) core.warning(warning);
}

/** `at`: where the Environment table goes among the summary's sections (detection comes first). */
export function publishEnvironment(environment: Environment, report: Report, at: number): void {
  const { daemon } = environment;
  handoff.setOutput('environment', JSON.stringify(environment));
  handoff.setOutput('docker-host', daemon.host);
  core.info(
    `${environment.ci.vendor}: Docker ${daemon.serverVersion} at ${daemon.host} (${daemon.source}), client ${daemon.clientVersion}, ${daemon.storageDriver || 'unknown'} storage, ${builderText(environment)} builder, workspace visible to the daemon: ${yesNo(environment.workspace.visible)}`,
  );
  report.sections.splice(at, 0, { heading: 'Environment', rows: environmentRows(environment) });
}
