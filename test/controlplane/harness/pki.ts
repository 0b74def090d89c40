/**
 * A throwaway PKI per control plane, made with the openssl CLI (node:crypto cannot issue X.509
 * certificates). Like kwokctl: one CA and one certificate in system:masters that serves the API
 * and authenticates every client; a separate key signs service-account tokens.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openssl, OpensslError } from '../../support/openssl.js';
import { ControlPlaneError, SKIP_HINT } from './errors.js';

export interface Pki {
  caCert: string;
  cert: string;
  key: string;
  serviceAccountKey: string;
}

const SANS = [
  'DNS:localhost',
  'DNS:kubernetes',
  'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc',
  'DNS:kubernetes.default.svc.cluster.local',
  'IP:127.0.0.1',
  'IP:10.96.0.1',
];

export async function createPki(dir: string): Promise<Pki> {
  return writePki(dir).catch((error: unknown) => {
    throw harnessError(error);
  });
}

async function writePki(dir: string): Promise<Pki> {
  await mkdir(dir, { recursive: true });
  const file = (name: string) => join(dir, name);
  const pki: Pki = { caCert: file('ca.crt'), cert: file('admin.crt'), key: file('admin.key'), serviceAccountKey: file('sa.key') };
  await openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '30', '-keyout', 'ca.key',
    '-out', 'ca.crt', '-subj', '/CN=devnet-test-ca', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
  await openssl(dir, ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'admin.key', '-out', 'admin.csr',
    '-subj', '/O=system:masters/CN=devnet-admin']);
  await writeFile(file('admin.ext'), [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth,clientAuth',
    `subjectAltName=${SANS.join(',')}`,
  ].join('\n'));
  await openssl(dir, ['x509', '-req', '-sha256', '-days', '30', '-in', 'admin.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key',
    '-CAcreateserial', '-out', 'admin.crt', '-extfile', 'admin.ext']);
  await openssl(dir, ['genrsa', '-out', 'sa.key', '2048']);
  return pki;
}

/** openssl missing is the user's to fix: say how, as the harness's other errors do. */
function harnessError(error: unknown): unknown {
  if (!(error instanceof OpensslError)) return error;
  return new ControlPlaneError(error.missing ? 'The cluster tests need the openssl CLI on PATH to make certificates.' : error.message, {
    hint: error.missing ? `Install openssl. ${SKIP_HINT}` : undefined,
    cause: error,
  });
}
