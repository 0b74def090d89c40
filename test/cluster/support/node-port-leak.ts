/**
 * The API server's node-port leak, reproduced and read back. A server-side apply that creates a
 * Service reserves its node ports before it writes the Service (k8s.io/apiserver v0.36.3,
 * pkg/registry/generic/registry/store.go, Update, lines 684-718); a request cut off in between
 * leaves the port allocated with no Service. `leakNodePort` cuts such requests off, each a little
 * later than the last, until that happens. The allocations themselves live in etcd under
 * /registry/ranges/servicenodeports (pkg/registry/core/rest/storage_core.go line 487) as a bitmap,
 * bit i = port base + i (pkg/registry/core/service/allocator/bitmap.go, Snapshot); with
 * --storage-media-type=application/json it can be read and written there.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { parse } from 'yaml';
import type { ControlPlane } from '../../controlplane/index.js';
import { Kube } from '../../../src/kube/client.js';
import { etcdGet, etcdPut } from './own-control-plane.js';

const KEY = '/registry/ranges/servicenodeports';

interface Credentials {
  server: URL;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

function credentials(kubeconfig: string): Credentials {
  const config = parse(readFileSync(kubeconfig, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority': string } }[];
    users: { user: { 'client-certificate': string; 'client-key': string } }[];
  };
  const cluster = config.clusters[0]?.cluster;
  const user = config.users[0]?.user;
  if (cluster === undefined || user === undefined) throw new Error(`no cluster or user in ${kubeconfig}`);
  return { server: new URL(cluster.server), ca: readFileSync(cluster['certificate-authority']), cert: readFileSync(user['client-certificate']), key: readFileSync(user['client-key']) };
}

function call(agent: Agent, c: Credentials, method: string, path: string, body?: object, cutAfterUs?: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: c.server.hostname, port: c.server.port, path, method, agent, headers: { 'Content-Type': 'application/apply-patch+yaml', Accept: 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(-1));
    req.end(body === undefined ? undefined : JSON.stringify(body));
    if (cutAfterUs === undefined) return;
    // Once the request is on the wire, wait a little (busy: a timer cannot wait less than a
    // millisecond), then cut the connection, as Ctrl-C in a client does.
    req.on('finish', () => {
      const until = process.hrtime.bigint() + BigInt(Math.round(cutAfterUs * 1000));
      while (process.hrtime.bigint() < until) {
        // waiting
      }
      req.destroy();
    });
  });
}

function nodePortService(namespace: string, name: string, port: number) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { type: 'NodePort', selector: { app: name }, ports: [{ port: 80, nodePort: port }] } };
}

/** Whether the API server has `port` allocated: a dry-run create that asks for it is refused. */
export async function portAllocated(kube: Kube, namespace: string, port: number): Promise<boolean> {
  const error = await kube.create(nodePortService(namespace, 'probe', port), { dryRun: true }).then(() => undefined, (e: unknown) => e as Error);
  return error !== undefined && /provided port is already allocated/.test(error.message);
}

/**
 * Cuts off server-side applies creating a Service on `port` until one leaks it; returns how many it
 * took. (On the development machine about one in four leaked, cut 0-24 ms after sending.)
 */
export async function leakNodePort(kubeconfig: string, namespace: string, port: number, maxAttempts = 100): Promise<number> {
  const c = credentials(kubeconfig);
  const kube = Kube.connect({ kubeconfig });
  const name = 'leaky';
  const path = `/api/v1/namespaces/${namespace}/services/${name}?fieldManager=leak-test&force=true`;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const agent = new Agent({ keepAlive: true, ca: c.ca, cert: c.cert, key: c.key, maxSockets: 1 });
    await call(agent, c, 'GET', '/version');
    await call(agent, c, 'PATCH', path, nodePortService(namespace, name, port), (attempt % 40) * 600);
    agent.destroy();
    await new Promise((r) => setTimeout(r, 300));
    if ((await kube.get('v1', 'Service', namespace, name)) !== undefined) {
      await kube.delete('v1', 'Service', namespace, name);
      continue;
    }
    if (!(await portAllocated(kube, namespace, port))) continue;
    // A request the server was still finishing would show its Service by now.
    await new Promise((r) => setTimeout(r, 1000));
    if ((await kube.get('v1', 'Service', namespace, name)) === undefined) return attempt;
    await kube.delete('v1', 'Service', namespace, name);
  }
  throw new Error(`no node port leaked in ${maxAttempts} cut-off requests`);
}

/** Node ports allocated in etcd (needs --storage-media-type=application/json). */
export async function allocatedNodePorts(cp: ControlPlane): Promise<number[]> {
  const stored = await etcdGet(cp, KEY);
  if (stored === undefined) return [];
  const { range, data } = JSON.parse(stored.value) as { range: string; data?: string };
  const base = Number(range.split('-')[0]);
  const bits = BigInt(`0x${Buffer.from(data ?? '', 'base64').toString('hex') || '0'}`);
  const ports: number[] = [];
  for (let i = 0n; bits >> i > 0n; i++) if ((bits >> i) & 1n) ports.push(base + Number(i));
  return ports;
}

/** Frees `port` in etcd, as the API server's repair loop does on its third pass over a leak. */
export async function releaseNodePort(cp: ControlPlane, port: number): Promise<void> {
  const stored = await etcdGet(cp, KEY);
  if (stored === undefined) throw new Error('no node port allocations in etcd');
  const object = JSON.parse(stored.value) as { range: string; data?: string };
  const base = Number(object.range.split('-')[0]);
  let bits = BigInt(`0x${Buffer.from(object.data ?? '', 'base64').toString('hex') || '0'}`);
  bits &= ~(1n << BigInt(port - base));
  const hex = bits === 0n ? '' : bits.toString(16);
  object.data = Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex').toString('base64');
  await etcdPut(cp, KEY, JSON.stringify(object));
}
