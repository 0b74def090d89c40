/**
 * On an existing cluster (--context) devnet has no node to put rules in from: a partition is made of
 * NetworkPolicies and proven by a connect run inside a pod; the other network faults are refused
 * with the reason and what works there.
 */
import { createServer, type Server } from 'node:net';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EnvironmentError } from '../../../src/errors/index.js';
import { exitCodeOf } from '../../../src/kube/exec.js';
import type { PodRef } from '../../../src/networks/fault-targets.js';
import type { ChaosContext } from '../../../src/tasks/chaos/context.js';
import { requireKind } from '../../../src/tasks/chaos/network.js';
import { partitionPolicies, reachCommand } from '../../../src/tasks/chaos/policy.js';

const on = (provider: 'kind' | 'existing') => ({ target: { provider, kubeconfig: '', context: 'staging', clusterName: 'devnet' } }) as unknown as ChaosContext;

describe('faults that need a kind node', () => {
  test('loss is refused on --context with the reason and what works instead', () => {
    let error: unknown;
    try {
      requireKind(on('existing'), 'loss');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).message).toContain('devnet chaos loss works on kind clusters only');
    expect((error as EnvironmentError).hint).toContain('stop, start, kill and partition (with NetworkPolicy) work here');
  });

  test('allowed on kind', () => {
    expect(() => requireKind(on('kind'), 'loss')).not.toThrow();
  });
});

const pod = (namespace: string, name: string, validator: number): PodRef => ({ namespace, pod: name, component: name.replace(/-\d+$/, ''), validator });

describe('a partition as NetworkPolicies', () => {
  const group = [pod('d-val-0', 'shards-0', 0), pod('d-val-0', 'proxy-0', 0), pod('d-val-1', 'proxy-0', 1)];
  const other = [pod('d-val-2', 'shards-0', 2), pod('d-val-3', 'proxy-0', 3), pod('d-val-2', 'proxy-0', 2)];
  const policies = partitionPolicies('d', 'ab12cd34', group, other);

  test('one policy per namespace of the group, selecting exactly its pods there, labelled for status and clear', () => {
    expect(policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['d-val-0/devnet-chaos-ab12cd34', 'd-val-1/devnet-chaos-ab12cd34']);
    expect(policies[0]?.metadata.labels).toMatchObject({ 'devnet/chaos': 'd', 'devnet/chaos-fault': 'ab12cd34' });
    expect(policies[0]?.spec).toMatchObject({ podSelector: { matchExpressions: [{ key: 'statefulset.kubernetes.io/pod-name', operator: 'In', values: ['proxy-0', 'shards-0'] }] } });
    expect(policies[1]?.spec).toMatchObject({ podSelector: { matchExpressions: [{ values: ['proxy-0'] }] } });
  });

  test('both directions are cut, by namespace: in from and out to every namespace but the other side\'s', () => {
    const notTheirs = [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['d-val-2', 'd-val-3'] }] } }];
    expect(policies[0]?.spec).toMatchObject({ policyTypes: ['Ingress', 'Egress'], ingress: [{ from: notTheirs }], egress: [{ to: notTheirs }] });
  });
});

describe('the probe run inside a pod', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // The command goes to the pod's bash as it is: run here by the machine's bash, it must tell a listener from none.
  test('says open where something listens and closed where nothing does, and exits 0 both times', async () => {
    const [file, ...args] = reachCommand({ ip: '127.0.0.1', port });
    const open = await execa(file as string, args, { reject: false });
    expect([open.exitCode, open.stdout]).toEqual([0, 'open']);
    server.close();
    const closed = await execa(file as string, reachCommand({ ip: '127.0.0.1', port }).slice(1), { reject: false });
    expect([closed.exitCode, closed.stdout]).toEqual([0, 'closed']);
  });

  test('an image without timeout is an error, not a connect that looks closed', async () => {
    const [, ...args] = reachCommand({ ip: '127.0.0.1', port });
    const bash = (await execa('sh', ['-c', 'command -v bash'])).stdout;
    const without = await execa(bash, args, { reject: false, env: { PATH: '/nonexistent' }, extendEnv: false, stdin: 'ignore' });
    expect(without.exitCode).toBe(3);
    expect(without.stderr).toBe('the image has no timeout command');
  });
});

describe('the exit code of an exec, from the Status the API sends when the command ends', () => {
  test('success, a non-zero exit, and a command that never ran', () => {
    expect(exitCodeOf({ status: 'Success' })).toBe(0);
    expect(exitCodeOf({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '7' }] } })).toBe(7);
    expect(exitCodeOf({ status: 'Failure', reason: 'InternalError', message: 'exec: "bash": executable file not found in $PATH' })).toBeUndefined();
  });
});
