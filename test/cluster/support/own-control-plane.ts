/**
 * A control plane for one test file, for tests that stop and start its API server (the shared one
 * stays untouched for the others), and helpers around it: a kubeconfig that reaches it through a
 * TCP proxy, and etcd's revision and compaction (through etcd's own JSON gateway).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { ensureBinaries, startControlPlane, type ControlPlane } from '../../controlplane/index.js';

export async function ownControlPlane(apiserverArgs: string[] = []): Promise<ControlPlane> {
  const { binDir } = await ensureBinaries();
  const cp = await startControlPlane({ binDir, apiserverArgs });
  afterAll(async () => {
    await cp.stop();
  });
  return cp;
}

/** The control plane's kubeconfig with its server moved to `port` on loopback (e.g. a tcpProxy). */
export function kubeconfigVia(cp: ControlPlane, port: number, dir: string): string {
  const text = readFileSync(cp.kubeconfigPath, 'utf8').replace(cp.server, `https://127.0.0.1:${port}`);
  const file = join(dir, `kubeconfig-via-${port}`);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

export function apiserverPort(cp: ControlPlane): number {
  return Number(new URL(cp.server).port);
}

async function etcd<T>(cp: ControlPlane, path: string, body: object): Promise<T> {
  const response = await fetch(`${cp.etcdUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`etcd ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const b64 = (text: string) => Buffer.from(text).toString('base64');

/** etcd's current revision. */
export async function etcdRevision(cp: ControlPlane): Promise<number> {
  const answer = await etcd<{ header: { revision: string } }>(cp, '/v3/kv/range', { key: b64('/registry/namespaces/default') });
  return Number(answer.header.revision);
}

/** Forgets every revision before the current one, as the API server's periodic compaction does. */
export async function compactEtcd(cp: ControlPlane): Promise<void> {
  await etcd(cp, '/v3/kv/compaction', { revision: String(await etcdRevision(cp)), physical: true });
}

export async function etcdGet(cp: ControlPlane, key: string): Promise<{ value: string; modRevision: string } | undefined> {
  const answer = await etcd<{ kvs?: { value: string; mod_revision: string }[] }>(cp, '/v3/kv/range', { key: b64(key) });
  const kv = answer.kvs?.[0];
  return kv === undefined ? undefined : { value: Buffer.from(kv.value, 'base64').toString('utf8'), modRevision: kv.mod_revision };
}

export async function etcdPut(cp: ControlPlane, key: string, value: string): Promise<void> {
  await etcd(cp, '/v3/kv/put', { key: b64(key), value: b64(value) });
}
