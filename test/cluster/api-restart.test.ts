/**
 * devnet's Kubernetes client when the API server goes away: requests retried until it is back,
 * a watch that resumes where it was and, when the server has forgotten that point (410 Gone),
 * lists again and reports what it missed as events; a write already sent finishes even when the
 * caller gives up. On a control plane of its own, whose API server these tests stop and start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ClusterError, InterruptedError } from '../../src/errors/index.js';
import { Kube, type LiveObject } from '../../src/kube/client.js';
import { crdEstablished } from '../../src/kube/conditions.js';
import { Informer, type ChangeType } from '../../src/kube/informer.js';
import { KubeApiError } from '../../src/kube/transport.js';
import { waitFor } from '../../src/kube/wait.js';
import type { ControlPlane } from '../controlplane/index.js';
import { apiserverPort, compactEtcd, kubeconfigVia, ownControlPlane } from './support/own-control-plane.js';
import { tcpProxy } from './support/tcp-proxy.js';

let cp: ControlPlane;
let dir: string;
const direct = () => Kube.connect({ kubeconfig: cp.kubeconfigPath });

beforeAll(async () => {
  cp = await ownControlPlane();
  dir = mkdtempSync(join(tmpdir(), 'devnet-api-restart-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function restartApiserver(options: { kill?: boolean; downMs?: number } = {}): Promise<void> {
  await cp.stopComponent('kube-apiserver', { kill: options.kill ?? true });
  if (options.downMs) await new Promise((r) => setTimeout(r, options.downMs));
  await cp.startComponent('kube-apiserver');
}

async function namespace(kube: Kube, prefix: string): Promise<string> {
  const name = `${prefix}-${Math.random().toString(16).slice(2, 8)}`;
  await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

const configMap = (ns: string, name: string, value: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { value } });

describe('requests while the API server restarts', () => {
  test('a request made while it is down is retried and answered once it is back', async () => {
    const kube = direct();
    await kube.get('v1', 'Namespace', undefined, 'default');
    const before = kube.requests;
    await cp.stopComponent('kube-apiserver', { kill: true });
    const pending = kube.get('v1', 'Namespace', undefined, 'default');
    await new Promise((r) => setTimeout(r, 1500));
    await cp.startComponent('kube-apiserver');
    const answer = await pending;
    expect(answer?.metadata.name).toBe('default');
    expect(kube.requests - before).toBeGreaterThan(2);
  });

  test('Ctrl-C ends the retries at once; an API server that stays away ends them with a cluster error', async () => {
    const kube = direct();
    await kube.get('v1', 'Namespace', undefined, 'default');
    await cp.stopComponent('kube-apiserver', { kill: true });
    try {
      const controller = new AbortController();
      const interrupted = kube.get('v1', 'Namespace', undefined, 'default', controller.signal);
      setTimeout(() => controller.abort(), 300);
      await expect(interrupted).rejects.toBeInstanceOf(InterruptedError);
      const error = await kube.get('v1', 'Namespace', undefined, 'kube-system').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClusterError);
      expect((error as Error).message).toContain(`Could not reach the Kubernetes API at ${cp.server}`);
    } finally {
      await cp.startComponent('kube-apiserver');
    }
  }, 90_000);

  test('a write already sent completes even when the caller aborts right after sending it', async () => {
    const controller = new AbortController();
    const proxy = await tcpProxy({ host: '127.0.0.1', port: apiserverPort(cp) });
    try {
      const kube = Kube.connect({ kubeconfig: kubeconfigVia(cp, proxy.port, dir) });
      const ns = await namespace(kube, 'write');
      await kube.path('v1', 'Service', ns, 'svc');
      // Abort as soon as the write's bytes leave the client, before any answer.
      let armed = false;
      const watcher = await tcpProxy({ host: '127.0.0.1', port: apiserverPort(cp) }, () => armed && controller.abort());
      const writer = Kube.connect({ kubeconfig: kubeconfigVia(cp, watcher.port, dir) });
      await writer.discovery.resource('v1', 'Service');
      armed = true;
      const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: ns }, spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80, nodePort: 31999 }] } };
      const applied = await writer.apply(service, { signal: controller.signal });
      await watcher.close();
      expect(controller.signal.aborted).toBe(true);
      expect(applied.metadata.uid).toBeDefined();
      expect((await direct().get('v1', 'Service', ns, 'svc'))?.metadata.uid).toBe(applied.metadata.uid);
      await direct().delete('v1', 'Namespace', undefined, ns);
    } finally {
      await proxy.close();
    }
  });
});

describe('an informer across an API server restart', () => {
  test('resumes after a restart and reports changes made while it was away', async () => {
    const kube = direct();
    const ns = await namespace(kube, 'resume');
    await kube.apply(configMap(ns, 'a', '1'));
    const informer = new Informer(kube, 'v1', 'ConfigMap', { namespace: ns });
    const events: string[] = [];
    informer.onChange((type, o) => events.push(`${type} ${o.metadata.name}`));
    const controller = new AbortController();
    await informer.start(controller.signal);
    try {
      await restartApiserver({ downMs: 500 });
      await kube.apply(configMap(ns, 'b', '1'));
      await until(informer, (all) => all.some((o) => o.metadata.name === 'b'));
      expect(events).toContain('added b');
      expect(events.filter((e) => e === 'added a')).toHaveLength(1);
    } finally {
      controller.abort();
    }
  });

  test('when the server has forgotten its version (410 Gone) it lists again and reports the difference as events', async () => {
    const proxy = await tcpProxy({ host: '127.0.0.1', port: apiserverPort(cp) });
    const controller = new AbortController();
    try {
      const kube = direct();
      const ns = await namespace(kube, 'gone');
      for (const name of ['a', 'b', 'keep']) await kube.apply(configMap(ns, name, '1'));
      const informer = new Informer(Kube.connect({ kubeconfig: kubeconfigVia(cp, proxy.port, dir) }), 'v1', 'ConfigMap', { namespace: ns });
      const events: { type: ChangeType; name: string; value: unknown }[] = [];
      const errors: { status: unknown; final: boolean }[] = [];
      informer.onChange((type, o) => events.push({ type, name: o.metadata.name, value: (o as LiveObject & { data?: { value?: string } }).data?.value }));
      informer.onError((error, final) => errors.push({ status: (error as { status?: number }).status, final }));
      await informer.start(controller.signal);
      events.length = 0;

      // The informer loses the API server; meanwhile things change, the history it would resume
      // from is compacted away, and the API server restarts with a fresh watch cache.
      proxy.hold();
      await kube.delete('v1', 'ConfigMap', ns, 'a');
      await kube.apply(configMap(ns, 'b', '2'));
      await kube.apply(configMap(ns, 'c', '1'));
      await compactEtcd(cp);
      await restartApiserver({ kill: false });
      proxy.release();

      await until(informer, (all) => all.some((o) => o.metadata.name === 'c') && !all.some((o) => o.metadata.name === 'a'));
      expect(errors).toContainEqual({ status: 410, final: false });
      expect(events).toEqual(expect.arrayContaining([
        { type: 'deleted', name: 'a', value: '1' },
        { type: 'modified', name: 'b', value: '2' },
        { type: 'added', name: 'c', value: '1' },
      ]));
      expect(events.filter((e) => e.name === 'keep')).toEqual([]);
      // (kube-root-ca.crt is the controller-manager's, in every namespace.)
      expect(informer.list().map((o) => o.metadata.name).filter((n) => n !== 'kube-root-ca.crt').sort()).toEqual(['b', 'c', 'keep']);
    } finally {
      controller.abort();
      await proxy.close();
    }
  });
});

describe('a watch that gives up', () => {
  test('ends a wait at once with its error, instead of at the deadline', async () => {
    const kube = direct();
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.devnet.test' },
      spec: {
        group: 'devnet.test',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    await kube.apply(crd);
    const crds = new Informer(kube, 'apiextensions.k8s.io/v1', 'CustomResourceDefinition');
    const controller = new AbortController();
    await crds.start(controller.signal);
    await waitFor(crds, (all) => all.some((c) => c.metadata.name === crd.metadata.name && crdEstablished(c)), controller.signal);
    kube.discovery.reset();
    const widgets = new Informer(kube, 'devnet.test/v1', 'Widget');
    await widgets.start(controller.signal);
    const finals: number[] = [];
    widgets.onError((error, final) => final && finals.push((error as { status?: number }).status ?? 0));
    try {
      // Nothing will ever satisfy this; only the watch's end can finish it before the test's deadline.
      const waiting = waitFor(widgets, () => false, controller.signal);
      await kube.delete('apiextensions.k8s.io/v1', 'CustomResourceDefinition', undefined, crd.metadata.name);
      const error = await waiting.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KubeApiError);
      expect((error as KubeApiError).status).toBe(404);
      expect(finals).toEqual([404]);
    } finally {
      controller.abort();
    }
  }, 30_000);
});

function until<T extends LiveObject>(informer: Informer<T>, condition: (all: T[]) => boolean, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`informer did not reach the condition; it has ${informer.list().map((o) => o.metadata.name).join(', ')}`));
    }, timeoutMs);
    const check = () => {
      if (!condition(informer.list())) return;
      clearTimeout(timer);
      stop();
      resolve();
    };
    const stop = informer.onChange(check);
    check();
  });
}
