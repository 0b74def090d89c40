/**
 * Certificates for the stand-ins, made with the openssl CLI (node:crypto can make keys but not
 * X.509 certificates). EC P-256 keys, because each openssl run then takes milliseconds.
 *
 * openssl works on files, so each call uses a scratch directory that is removed before it
 * returns. It sits beside the control plane's kubeconfig (its state directory), never in /tmp.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openssl } from '../../../support/openssl.js';

export interface KeyPair {
  certPem: string;
  keyPem: string;
}

export interface ServingPki {
  ca: KeyPair;
  /** Serves https://127.0.0.1, signed by `ca`. */
  serving: KeyPair;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '7'];

/** A CA and a certificate for IP 127.0.0.1 that it signed. */
export async function createServingPki(scratchParent: string, name: string): Promise<ServingPki> {
  return inScratchDir(scratchParent, async (dir) => {
    await openssl(dir, ['req', '-x509', ...EC_KEY, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', `/CN=${name}-ca`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
    await openssl(dir, ['req', '-x509', ...EC_KEY, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-keyout', 'tls.key', '-out', 'tls.crt',
      '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-addext', 'basicConstraints=CA:FALSE',
      '-addext', 'extendedKeyUsage=serverAuth']);
    return { ca: await readPair(dir, 'ca'), serving: await readPair(dir, 'tls') };
  });
}

/** A self-signed certificate for the given DNS names, as a `selfSigned` cert-manager Issuer makes. */
export async function selfSignedCertificate(scratchParent: string, commonName: string, dnsNames: readonly string[]): Promise<KeyPair> {
  return inScratchDir(scratchParent, async (dir) => {
    const sans = dnsNames.length === 0 ? [] : ['-addext', `subjectAltName=${dnsNames.map((n) => `DNS:${n}`).join(',')}`];
    await openssl(dir, ['req', '-x509', ...EC_KEY, '-keyout', 'tls.key', '-out', 'tls.crt', '-subj', `/CN=${commonName}`, ...sans]);
    return readPair(dir, 'tls');
  });
}

async function readPair(dir: string, base: string): Promise<KeyPair> {
  return { certPem: await readFile(join(dir, `${base}.crt`), 'utf8'), keyPem: await readFile(join(dir, `${base}.key`), 'utf8') };
}

async function inScratchDir<T>(parent: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(parent, '.standin-pki-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
