// Certificates for the dedicated daemon's TLS listener, made for this run: a CA, a server certificate
// for 127.0.0.1 and localhost, and a client certificate in the layout DOCKER_CERT_PATH expects
// (ca.pem, cert.pem, key.pem). openssl makes them: node:crypto can make keys but cannot sign
// certificates.
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TlsFiles } from './plan.js';
import { run } from '../core/exec.js';

export interface TlsPlan {
  commands: string[][];
  /** Extension files openssl reads, by path. */
  files: Record<string, string>;
  server: Omit<TlsFiles, 'port'>;
  /** The folder to export as DOCKER_CERT_PATH. */
  clientDir: string;
  keys: string[];
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function planTls(dir: string): TlsPlan {
  const server = path.join(dir, 'server');
  const client = path.join(dir, 'client');
  const ca = path.join(dir, 'ca');
  const file = (folder: string, name: string): string => path.join(folder, name);
  const sign = (csr: string, ext: string, out: string): string[] => [
    'openssl',
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    file(ca, 'ca.pem'),
    '-CAkey',
    file(ca, 'ca-key.pem'),
    '-CAcreateserial',
    '-days',
    '2',
    '-sha256',
    '-extfile',
    ext,
    '-out',
    out,
  ];
  const request = (key: string, csr: string, name: string): string[] => [
    'openssl',
    'req',
    '-new',
    ...EC,
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    `/CN=${name}`,
  ];
  return {
    commands: [
      [
        'openssl',
        'req',
        '-x509',
        ...EC,
        '-days',
        '2',
        '-sha256',
        '-subj',
        '/CN=berth run CA',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
        '-keyout',
        file(ca, 'ca-key.pem'),
        '-out',
        file(ca, 'ca.pem'),
      ],
      request(file(server, 'key.pem'), file(server, 'req.csr'), 'localhost'),
      sign(file(server, 'req.csr'), file(server, 'ext.cnf'), file(server, 'cert.pem')),
      request(file(client, 'key.pem'), file(client, 'req.csr'), 'berth client'),
      sign(file(client, 'req.csr'), file(client, 'ext.cnf'), file(client, 'cert.pem')),
    ],
    files: {
      [file(server, 'ext.cnf')]: 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
      [file(client, 'ext.cnf')]: 'extendedKeyUsage=clientAuth\n',
    },
    server: { ca: file(ca, 'ca.pem'), cert: file(server, 'cert.pem'), key: file(server, 'key.pem') },
    clientDir: client,
    keys: [file(ca, 'ca-key.pem'), file(server, 'key.pem'), file(client, 'key.pem')],
  };
}

export async function makeCertificates(dir: string): Promise<TlsPlan> {
  const plan = planTls(dir);
  for (const folder of ['ca', 'server', 'client'])
    mkdirSync(path.join(dir, folder), { recursive: true, mode: 0o700 });
  for (const [file, text] of Object.entries(plan.files)) writeFileSync(file, text);
  for (const argv of plan.commands) await run(argv, { timeoutMs: 30_000 });
  for (const key of plan.keys) chmodSync(key, 0o600);
  copyFileSync(plan.server.ca, path.join(plan.clientDir, 'ca.pem'));
  return plan;
}
