// The OCI labels every image berth builds carries (what GHCR links a package to its repository by, and
// what Renovate and scanners read), from the run's context; the `labels` input adds and overrides.
// `created` is the commit's time, not the build's: one commit builds one image, and a rebuild of it
// from the cache is that very image.
import type { KeyValue } from '../core/input-values.js';
import type { RunContext } from '../detect/run-context.js';

const OCI = 'org.opencontainers.image';

/** The labels of a run's image, by key, empty values left out; `extra` last, so it wins. */
export function imageLabels(
  context: Pick<RunContext, 'sha' | 'source'>,
  version: string,
  extra: readonly KeyValue[],
): Record<string, string> {
  const { source } = context;
  const computed: [string, string][] = [
    [`${OCI}.source`, source.url],
    [`${OCI}.url`, source.url],
    [`${OCI}.revision`, context.sha],
    [`${OCI}.version`, version],
    [`${OCI}.title`, source.title],
    [`${OCI}.licenses`, source.license],
    [`${OCI}.created`, source.created],
  ];
  const labels = Object.fromEntries(computed.filter(([, value]) => value));
  for (const { key, value } of extra) labels[key] = value;
  return labels;
}
