// TLS material for a daemon on tcp://...:2376 with --tlsverify, made with openssl as the docker:dind
// entrypoint makes it: a CA, a server certificate for the names the clients dial, a client certificate.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface DaemonCerts {
  /** ca.pem, cert.pem, key.pem for the daemon. */
  server: string;
  /** ca.pem, cert.pem, key.pem for clients (the layout DOCKER_CERT_PATH expects). */
  client: string;
}

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Signs `name`'s key with the CA in `dir`, with the given extensions. */
function sign(dir: string, name: string, subject: string, extensions: string): void {
  openssl(dir, 'genrsa', '-out', `${name}-key.pem`, '2048');
  openssl(dir, 'req', '-new', '-key', `${name}-key.pem`, '-subj', subject, '-out', `${name}.csr`);
  writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '2',
    '-sha256',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}-cert.pem`,
  );
}

/** Certificates, made in `dir`, for a daemon reached as any of `dnsNames` / `ips`. */
export function makeCerts(dir: string, dnsNames: string[], ips: string[]): DaemonCerts {
  openssl(dir, 'genrsa', '-out', 'ca-key.pem', '2048');
  openssl(
    dir,
    'req',
    '-x509',
    '-new',
    '-key',
    'ca-key.pem',
    '-days',
    '2',
    '-subj',
    '/CN=berth test CA',
    '-out',
    'ca.pem',
  );
  const san = [...dnsNames.map((name) => `DNS:${name}`), ...ips.map((ip) => `IP:${ip}`)].join(',');
  sign(
    dir,
    'server',
    `/CN=${dnsNames[0] ?? 'docker'}`,
    `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`,
  );
  sign(dir, 'client', '/CN=client', 'extendedKeyUsage=clientAuth\n');
  const layout = (name: string): string => {
    const out = path.join(dir, name);
    mkdirSync(out);
    copyFileSync(path.join(dir, 'ca.pem'), path.join(out, 'ca.pem'));
    copyFileSync(path.join(dir, `${name}-cert.pem`), path.join(out, 'cert.pem'));
    copyFileSync(path.join(dir, `${name}-key.pem`), path.join(out, 'key.pem'));
    return out;
  };
  return { server: layout('server'), client: layout('client') };
}
