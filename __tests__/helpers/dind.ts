// A docker-in-docker service the way GitLab runs `docker:dind`: a dockerd in a container on a
// user-defined network, reachable as `docker`, with /var/lib/docker on a volume and, with TLS, the
// client certificates on a volume that jobs mount at /certs/client. Beside it, a registry the dind
// daemon can push to (it cannot reach the testbed's 127.0.0.1): the Debian image's docker-registry on
// the same network as `registry:5000`, published on 127.0.0.1 so the tests can read what was pushed.
import { makeCerts, type DaemonCerts } from './certs.js';
import { dockerOk, dockerSync, savedImage, waitFor, type Scope } from './scope.js';

export interface Dind {
  network: string;
  /** The dind container. */
  container: string;
  /** Its address on the network, for endpoints given by IP (CircleCI's remote docker). */
  ip: string;
  /** With TLS: the volume that holds ca.pem, cert.pem, key.pem for clients, and the host copies. */
  certsVolume: string | undefined;
  certs: DaemonCerts | undefined;
  /** The registry as the dind daemon names it, and as the tests reach it. */
  registry: { inside: string; outside: string };
}

const REGISTRY_CONFIG = [
  'version: 0.1',
  'storage: { filesystem: { rootdirectory: /var/lib/registry }, delete: { enabled: true } }',
  'http: { addr: ":5000" }',
].join('\n');

// The daemon starts once the harness has copied in a server certificate naming the container's IP.
const AFTER_CERTS = `for i in $(seq 300); do [ -e /certs/server/ready ] && exec "$@"; sleep 0.2; done; echo no certificates >&2; exit 1`;

function startRegistry(scope: Scope, image: string, network: string): { inside: string; outside: string } {
  const name = scope.run('registry', [
    ...['--network', network, '--network-alias', 'registry', '--publish', '127.0.0.1::5000'],
    ...['--env', `REGISTRY_CONFIG=${REGISTRY_CONFIG}`, image],
    ...[
      'sh',
      '-c',
      'printf "%s\\n" "$REGISTRY_CONFIG" > /tmp/registry.yml && exec docker-registry serve /tmp/registry.yml',
    ],
  ]);
  const published = dockerOk(['port', name, '5000/tcp']).trim().split('\n')[0] ?? '';
  return { inside: 'registry:5000', outside: published.replace(/^0\.0\.0\.0:/, '127.0.0.1:') };
}

function ipOn(container: string, network: string): string {
  const format = `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`;
  return dockerOk(['inspect', '--format', format, container]).trim();
}

/** Starts registry and dind, waits until both answer, and loads busybox:latest into the dind daemon. */
export async function startDind(
  scope: Scope,
  image: string,
  options: {
    tls: boolean;
    /** /var/lib/docker on a tmpfs of this many MiB: a small disk. */ dataMiB?: number;
  },
): Promise<Dind> {
  const network = scope.network('net');
  const registry = startRegistry(scope, image, network);
  const data = scope.volume('dind-data');
  const certsVolume = options.tls ? scope.volume('certs-client') : undefined;
  const listen = options.tls
    ? ['--host=tcp://0.0.0.0:2376', '--tlsverify', '--tlscacert=/certs/server/ca.pem']
    : ['--host=tcp://0.0.0.0:2375', '--tls=false'];
  const tlsFiles = options.tls ? ['--tlscert=/certs/server/cert.pem', '--tlskey=/certs/server/key.pem'] : [];
  const dockerd = [
    ...['dockerd', '--host=unix:///var/run/docker.sock', ...listen, ...tlsFiles],
    `--insecure-registry=${registry.inside}`,
  ];
  const container = scope.runPrivileged('dind', [
    ...['--network', network, '--network-alias', 'docker'],
    ...(options.dataMiB
      ? ['--tmpfs', `/var/lib/docker:size=${options.dataMiB}m`]
      : ['--volume', `${data}:/var/lib/docker`]),
    ...(certsVolume ? ['--volume', `${certsVolume}:/certs/client`] : []),
    image,
    ...(options.tls ? ['sh', '-c', AFTER_CERTS, 'sh', ...dockerd] : dockerd),
  ]);
  const ip = ipOn(container, network);
  let certs: DaemonCerts | undefined;
  if (options.tls) {
    certs = makeCerts(scope.tempDir('certs'), ['docker', 'localhost'], [ip]);
    dockerOk(['cp', `${certs.server}/.`, `${container}:/certs/server`]);
    dockerOk(['cp', `${certs.client}/.`, `${container}:/certs/client`]);
    dockerOk(['exec', container, 'touch', '/certs/server/ready']);
  }
  await waitFor(`the dind daemon in ${container}`, 60_000, () => {
    const result = dockerSync(['exec', container, 'docker', 'version', '--format', '{{.Server.Version}}']);
    if (result.exitCode === 0) return true;
    if (dockerOk(['inspect', '--format', '{{.State.Running}}', container]).trim() !== 'true') {
      throw new Error(`the dind container exited: ${dockerSync(['logs', '--tail', '30', container]).stderr}`);
    }
    return false;
  });
  await waitFor(`the registry on ${registry.outside}`, 30_000, async () => {
    const response = await fetch(`http://${registry.outside}/v2/`).catch(() => undefined);
    return response?.status === 200;
  });
  dockerOk(['exec', '--interactive', container, 'docker', 'load'], savedImage('busybox:latest'));
  return { network, container, ip, certsVolume, certs, registry };
}

/** A docker command run inside the dind container, against the dind daemon's own socket. */
export function dindDocker(dind: Dind, ...args: string[]): string {
  return dockerOk(['exec', dind.container, 'docker', ...args]);
}
