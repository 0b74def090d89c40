import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { manifestFor } from '../../../src/prereqs/source.js';
import { CERT_MANAGER, SCYLLA_OPERATOR } from '../../../src/prereqs/versions.js';
import { ROOT } from '../../support/profiles.js';

const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');
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
  test('are read from an offline directory laid out like ../shared/fixtures, checked against the pinned sha256', async () => {
    const cacheDir = temp();
    const cert = await manifestFor(CERT_MANAGER, { offlineDir: FIXTURES, cacheDir });
    const scylla = await manifestFor(SCYLLA_OPERATOR, { offlineDir: FIXTURES, cacheDir });
    expect(cert.origin).toBe(join(FIXTURES, 'manifests/cert-manager-v1.20.2/cert-manager.yaml'));
    expect(scylla.text).toContain('kind: ValidatingWebhookConfiguration');
  });

  test('a file that is not the pinned release is refused, naming the file and both digests', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'cert-manager-v1.20.2'));
    cpSync(join(FIXTURES, 'manifests/cert-manager-v1.20.2/cert-manager.yaml'), join(dir, 'cert-manager-v1.20.2/cert-manager.yaml'));
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
    cpSync(join(FIXTURES, 'manifests/scylla-operator-v1.21.1/operator.yaml'), join(cacheDir, 'manifests', 'scylla-operator-v1.21.1.yaml'));
    const manifest = await manifestFor(SCYLLA_OPERATOR, { cacheDir });
    expect(manifest.origin).toBe(join(cacheDir, 'manifests', 'scylla-operator-v1.21.1.yaml'));
  });
});
