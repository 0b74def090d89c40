import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { manifestFor } from '../../../src/prereqs/source.js';
import { CERT_MANAGER, SCYLLA_OPERATOR } from '../../../src/prereqs/versions.js';
import { tempDir } from '../../support/temp-dir.js';
import { UPSTREAM, UPSTREAM_DIR } from '../../support/upstream.js';

describe('prerequisite manifests', () => {
  test('are read from an offline directory laid out like test/fixtures/upstream, checked against the pinned sha256', async () => {
    const cacheDir = tempDir('prereqs');
    const cert = await manifestFor(CERT_MANAGER, { offlineDir: UPSTREAM_DIR, cacheDir });
    const scylla = await manifestFor(SCYLLA_OPERATOR, { offlineDir: UPSTREAM_DIR, cacheDir });
    expect(cert.origin).toBe(UPSTREAM.certManager);
    expect(scylla.text).toContain('kind: ValidatingWebhookConfiguration');
  });

  test('a file that is not the pinned release is refused, naming the file and both digests', async () => {
    const dir = tempDir('prereqs');
    mkdirSync(join(dir, 'cert-manager-v1.20.2'));
    cpSync(UPSTREAM.certManager, join(dir, 'cert-manager-v1.20.2/cert-manager.yaml'));
    writeFileSync(join(dir, 'cert-manager-v1.20.2/cert-manager.yaml'), '# tampered\n', { flag: 'a' });
    await expect(manifestFor(CERT_MANAGER, { offlineDir: dir, cacheDir: tempDir('prereqs') })).rejects.toThrow(
      new RegExp(`cert-manager.yaml is not cert-manager v1.20.2: its sha256 is [0-9a-f]{64}, not ${CERT_MANAGER.sha256}`),
    );
  });

  test('a directory without the manifest says where to put it', async () => {
    await expect(manifestFor(SCYLLA_OPERATOR, { offlineDir: tempDir('prereqs'), cacheDir: tempDir('prereqs') })).rejects.toMatchObject({
      message: expect.stringContaining('has no scylla-operator v1.21.1 manifest'),
      hint: expect.stringContaining('https://raw.githubusercontent.com/scylladb/scylla-operator/v1.21.1/deploy/operator.yaml'),
    });
  });

  test('a cached copy with the right digest is used without downloading', async () => {
    const cacheDir = tempDir('prereqs');
    mkdirSync(join(cacheDir, 'manifests'));
    cpSync(UPSTREAM.scyllaOperator, join(cacheDir, 'manifests', 'scylla-operator-v1.21.1.yaml'));
    const manifest = await manifestFor(SCYLLA_OPERATOR, { cacheDir });
    expect(manifest.origin).toBe(join(cacheDir, 'manifests', 'scylla-operator-v1.21.1.yaml'));
  });
});
