/**
 * `devnet up` when the cluster misbehaves, on a control plane of its own (its API server is
 * stopped and started, and it stores objects as JSON so the tests can read the node-port
 * allocations in etcd): a node port held by another Service, a node port the API server leaked,
 * and the API server killed and started again in the middle of `up`.
 */
import { beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { Kube, type LiveObject } from '../../src/kube/client.js';
import type { ControlPlane } from '../controlplane/index.js';
import { liveCli } from '../support/live-cli.js';
import { devnetEnv } from './support/devnet-env.js';
import { appendPodLog } from './support/pod-logs.js';
import { allocatedNodePorts, leakNodePort, portAllocated, releaseNodePort } from './support/node-port-leak.js';
import { ownControlPlane } from './support/own-control-plane.js';
import { unique } from '../support/names.js';

let cp: ControlPlane;
const kube = () => Kube.connect({ kubeconfig: cp.kubeconfigPath });

beforeAll(async () => {
  cp = await ownControlPlane(['--storage-media-type=application/json']);
});

/** A substrate devnet of 1 validator × 2 replicas whose node ports start at `base`. */
function substrate(base: number) {
  const env = devnetEnv({}, cp.kubeconfigPath);
  const name = unique('rec');
  const args = ['-p', 'substrate', '--set', `name=${name}`, '--validators', '1', '--set', 'substrate.replicas=2', '--set', `substrate.ports.p2p.nodePort.base=${base}`, '--set', `substrate.ports.rpc.nodePort.base=${base + 50}`, '--seed', 'ci', '--no-dashboard'];
  onTestFinished(async () => {
    await env.devnet(['down', ...args.filter((a) => a !== '--no-dashboard')]);
  });
  return { env, name, args, up: (extra: string[] = []) => liveCli(['up', ...args, ...extra], env.env) };
}

async function scratchNamespace(prefix: string): Promise<string> {
  const name = unique(prefix);
  await kube().apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  onTestFinished(async () => {
    await kube().delete('v1', 'Namespace', undefined, name);
  });
  return name;
}

/** Node ports some Service holds, and how many hold each. */
async function heldNodePorts(): Promise<Map<number, number>> {
  const { items } = await kube().list<LiveObject & { spec?: { ports?: { nodePort?: number }[] } }>('v1', 'Service');
  const held = new Map<number, number>();
  for (const s of items) for (const p of s.spec?.ports ?? []) if (p.nodePort) held.set(p.nodePort, (held.get(p.nodePort) ?? 0) + 1);
  return held;
}

async function leakedNodePorts(): Promise<number[]> {
  const held = await heldNodePorts();
  return (await allocatedNodePorts(cp)).filter((port) => !held.has(port));
}

describe('node ports', () => {
  test('a node port held by another Service stops up before anything is applied, naming that Service', async () => {
    const base = 31100;
    const other = await scratchNamespace('holder');
    // UDP: the number is taken whatever the protocol, as the API server allocates numbers.
    const squatter = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'squatter', namespace: other }, spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80, protocol: 'UDP', nodePort: base + 1 }] } };
    await kube().apply(squatter);
    const { name, up } = substrate(base);
    const result = await up(['--timeout', '60']).exited;
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`Devnet ${name} would clash with Service ${other}/squatter (not made by devnet)`);
    expect(result.stderr).toContain(`Service ${other}/squatter (not made by devnet) already uses NodePort ${base + 1}`);
    expect(result.stderr).toContain(`kubectl delete service -n ${other} squatter`);
    expect(await kube().get('v1', 'Namespace', undefined, `${name}-val-0`)).toBeUndefined();
  });

  test('a node port the API server leaked is recognised, waited for, and up goes on once it is free', async () => {
    const base = 31200;
    const scratch = await scratchNamespace('leak');
    const attempts = await leakNodePort(cp.kubeconfigPath, scratch, base + 1);
    // The API server's own view: allocated, yet no Service holds it.
    expect(await portAllocated(kube(), scratch, base + 1)).toBe(true);
    expect(await leakedNodePorts()).toContain(base + 1);
    process.stderr.write(`[node-port leak reproduced after ${attempts} cut-off requests]\n`);

    const { name, up } = substrate(base);
    const run = up(['--timeout', '120']);
    await run.waitFor(`node port ${base + 1} is allocated but no Service holds it: the API server leaked it`);
    expect(await kube().get('v1', 'Service', `${name}-val-0`, 'node-1-nodeport')).toBeUndefined();
    await releaseNodePort(cp, base + 1);
    const result = await run.exited;
    expect(result.code, result.stderr).toBe(0);
    const service = (await kube().get('v1', 'Service', `${name}-val-0`, 'node-1-nodeport')) as LiveObject & { spec: { ports: { nodePort: number }[] } };
    expect(service.spec.ports[0]?.nodePort).toBe(base + 1);
  });

  test('a leak that outlasts --timeout ends up with exit 4 and says what the API server holds', async () => {
    const base = 31300;
    const scratch = await scratchNamespace('leak');
    await leakNodePort(cp.kubeconfigPath, scratch, base);
    const { up } = substrate(base);
    const result = await up(['--timeout', '8']).exited;
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toContain(`could not get node port ${base} before the deadline: the API server still holds it for no Service.`);
    await releaseNodePort(cp, base);
  });
});

describe('the API server killed in the middle of up', () => {
  // Codex: up waits for the bootstrap node's address, which the test writes into its log, so the
  // API server goes away at a point where up is certainly in the middle of its work.
  test('up rides it out and ends healthy, with nothing duplicated and no node port leaked', async () => {
    const env = devnetEnv({}, cp.kubeconfigPath);
    const name = unique('kill');
    const args = ['-p', 'codex', '--set', `name=${name}`, '--set', 'codex.replicas=2', '--no-dashboard'];
    onTestFinished(async () => {
      await env.devnet(['down', ...args.filter((a) => a !== '--no-dashboard')]);
    });
    const run = liveCli(['up', ...args, '--timeout', '180'], env.env);
    await run.waitFor('waiting for bootstrap-0 to give its address');
    await cp.stopComponent('kube-apiserver', { kill: true });
    await new Promise((r) => setTimeout(r, 2000));
    await cp.startComponent('kube-apiserver');
    await appendPodLog(cp.stateDir, `${name}-shared`, 'bootstrap-0', 'bootstrap', ['INF Started codex node spr:CiUIAhIhA1kA7B9t2W0xrestartedapiserver']);
    const result = await run.exited;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('bootstrap address spr:CiUIAhIhA1kA7B9t2W0xrestartedapiserver');
    expect(result.stdout).toContain(`devnet ${name} is ready`);

    // A second up finds everything in place: no workload or pod is made again.
    const selector = `app.kubernetes.io/instance=${name}`;
    const identity = async (kind: string, apiVersion: string) =>
      (await kube().list(apiVersion, kind, { labelSelector: selector })).items.map((o) => `${o.metadata.namespace}/${o.metadata.name} ${o.metadata.uid} ${o.metadata.generation ?? ''}`).sort();
    const before = [...(await identity('StatefulSet', 'apps/v1')), ...(await identity('Pod', 'v1'))];
    const again = await env.devnet(['up', ...args]);
    expect(again.code, again.stderr).toBe(0);
    expect([...(await identity('StatefulSet', 'apps/v1')), ...(await identity('Pod', 'v1'))]).toEqual(before);

    const pods = (await kube().list('v1', 'Pod', { labelSelector: selector })).items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
    expect(pods).toEqual([`${name}-shared/bootstrap-0`, `${name}-val-0/codex-0`, `${name}-val-0/codex-1`]);
    const services = (await kube().list<LiveObject & { spec?: { ports?: { nodePort?: number }[] } }>('v1', 'Service', { labelSelector: selector })).items;
    const ours = services.flatMap((s) => (s.spec?.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : [])));
    const held = await heldNodePorts();
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((port) => held.get(port) !== 1)).toEqual([]);
    expect(await leakedNodePorts()).toEqual([]);
  }, 240_000);
});
