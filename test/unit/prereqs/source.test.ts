import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { manifestFor } from '../../../src/prereqs/source.js';
import { CERT_MANAGER, SCYLLA_OPERATOR } from '../../../src/prereqs/versions.js';
import { UPSTREAM, UPSTREAM_DIR } from '../../support/upstream.js';

const temps: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'devnet-prereqs-'));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('prerequisite manifests', () => {
  test('are read from an offline directory laid out like test/fixtures/upstream, checked against the pinned sha256', async () => {
    const cacheDir = temp();
    const cert = await manifestFor(CERT_MANAGER, { offlineDir: UPSTREAM_DIR, cacheDir });
    const scylla = await manifestFor(SCYLLA_OPERATOR, { offlineDir: UPSTREAM_DIR, cacheDir });
    expect(cert.origin).toBe(UPSTREAM.certManager);
    expect(scylla.text).toContain('kind: ValidatingWebhookConfiguration');
  });

  test('a file that is not the pinned release is refused, naming the file and both digests', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'cert-manager-v1.20.2'));
    cpSync(UPSTREAM.certManager, join(dir, 'cert-manager-v1.20.2/cert-manager.yaml'));
    writeFileSync(join(dir, 'cert-manager-v1.20.2/cert-manager.yaml'), '# tampered\n', { flag: 'a' });
    await expect(manifestFor(CERT_MANAGER, { offlineDir: dir, cacheDir: temp() })).rejects.toThrow(
      new RegExp(`cert-manager.yaml is not cert-manager v1.20.2: its sha256 is [0-9a-f]{64}, not ${CERT_MANAGER.sha256}`),
    );
  });

  test('a directory without the manifest says where to put it', async () => {
    await expect(manifestFor(SCYLLA_OPERATOR, { offlineDir: temp(), cacheDir: temp() })).rejects.toMatchObject({
      message: expect.stringContaining('has no scylla-operator v1.21.1 manifest'),
      hint: expect.stringContaining('https://raw.githubusercontent.com/scylladb/scylla-operator/v1.21.1/deploy/operator.yaml'),
    });
  });

  test('a cached copy with the right digest is used without downloading', async () => {
    const cacheDir = temp();
    mkdirSync(join(cacheDir, 'manifests'));
    cpSync(UPSTREAM.scyllaOperator, join(cacheDir, 'manifests', 'scylla-operator-v1.21.1.yaml'));
    const manifest = await manifestFor(SCYLLA_OPERATOR, { cacheDir });
    expect(manifest.origin).toBe(join(cacheDir, 'manifests', 'scylla-operator-v1.21.1.yaml'));
  });
});
