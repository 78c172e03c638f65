// The message when no daemon answers: what was tried, and what to do in the CI berth found itself in.
import type { Ci } from './ci.js';

export interface Attempt {
  host: string;
  source: string;
  /** The client's last words, or `no answer within N s`. */
  why: string;
}

const ADVICE: Record<Ci['kind'], string> = {
  act:
    'Under act the job container reaches the daemon only through a bound socket: run act with the default ' +
    '--container-daemon-socket (not "-"), or pass --container-daemon-socket /var/run/docker.sock, or ' +
    "--container-options '-v /var/run/docker.sock:/var/run/docker.sock'.",
  gitlab:
    'On GitLab add a dind service (services: [docker:dind]) and set DOCKER_TLS_CERTDIR: "/certs" with ' +
    '/certs/client shared with the job, so berth finds tcp://docker:2376; or set DOCKER_HOST ' +
    '(tcp://docker:2375 with DOCKER_TLS_CERTDIR: "").',
  circleci:
    'On CircleCI add a setup_remote_docker step before berth (it sets DOCKER_HOST, DOCKER_TLS_VERIFY and ' +
    'DOCKER_CERT_PATH), or use a machine executor.',
  'github-container':
    'In a GitHub container job the runner binds /var/run/docker.sock; if the job image runs its own ' +
    'user, make sure it may read the socket, or set DOCKER_HOST.',
  'github-hosted':
    'Set DOCKER_HOST to a daemon (unix:///path/docker.sock, or tcp://host:2376 with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH).',
  'github-self-hosted':
    'Start a Docker daemon on the runner, or set DOCKER_HOST to one (unix:///path/docker.sock, or ' +
    'tcp://host:2376 with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH), or give the docker-host input.',
  other:
    'Set DOCKER_HOST to a daemon (unix:///path/docker.sock, or tcp://host:2376 with DOCKER_TLS_VERIFY=1 ' +
    'and DOCKER_CERT_PATH), or give the docker-host input.',
  local:
    'Start a Docker daemon, or set DOCKER_HOST to one (unix:///path/docker.sock, or tcp://host:2376 with ' +
    'DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH), or give the docker-host input.',
};

export function noDaemonMessage(ci: Ci, attempts: readonly Attempt[], skipped: readonly string[]): string {
  const tried = attempts.map((a) => `${a.host} (${a.source}): ${a.why}`);
  let found = 'DOCKER_HOST is unset, no docker context is current and no daemon socket exists';
  if (tried.length > 0) found = `tried ${tried.join('; ')}`;
  else if (skipped.length > 0) found = 'nothing could be tried';
  const notTried = skipped.length > 0 ? `; not tried: ${skipped.join('; ')}` : '';
  return `No Docker daemon answers (${ci.vendor}): ${found}${notTried}. ${ADVICE[ci.kind]}`;
}
