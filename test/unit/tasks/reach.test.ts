/**
 * Where a user reaches a devnet's exposed ports. On kind, the host ports kind maps from the
 * NodePorts; on an existing cluster (--context) there is no such mapping, so the address is a
 * node's and the port is the NodePort.
 */
import { describe, expect, test } from 'vitest';
import type { LiveObject } from '../../../src/kube/client.js';
import { hostReach, nodeAddress, unreachableCommittee, validatorEndpoints, type Reach } from '../../../src/tasks/reach.js';
import { buildView } from '../../../src/tasks/view.js';
import { loadShipped } from '../../support/profiles.js';

const node = (name: string, ready: boolean, addresses: { type: string; address: string }[]): LiveObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  status: { addresses, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

describe('the node address of an existing cluster', () => {
  test.each([
    ['the only node\'s InternalIP', [node('a', true, [{ type: 'InternalIP', address: '10.0.0.4' }])], '10.0.0.4'],
    ['an ExternalIP over an InternalIP', [node('a', true, [{ type: 'InternalIP', address: '10.0.0.4' }, { type: 'ExternalIP', address: '34.1.2.3' }])], '34.1.2.3'],
    ['a Ready node over one that is not', [node('a', false, [{ type: 'InternalIP', address: '10.0.0.4' }]), node('b', true, [{ type: 'InternalIP', address: '10.0.0.5' }])], '10.0.0.5'],
    ['the first Ready node by name, whatever the list order', [node('z', true, [{ type: 'InternalIP', address: '10.0.0.9' }]), node('m', true, [{ type: 'InternalIP', address: '10.0.0.7' }])], '10.0.0.7'],
    ['a node with only a Hostname', [node('a', true, [{ type: 'Hostname', address: 'worker-1' }])], 'worker-1'],
    ['no nodes at all', [], undefined],
  ])('%s', (_, nodes, expected) => expect(nodeAddress(nodes)).toBe(expected));
});

describe('validator endpoints', () => {
  const linera = loadShipped('linera').topology;
  const substrate = loadShipped('substrate').topology;
  const onNode: Reach = { via: 'node-port', node: '10.0.0.4' };

  test('on kind: the host ports, as planned', () => {
    expect(validatorEndpoints(linera.validators[1]!, hostReach(linera))).toEqual([{ label: 'gRPC (proxy)', address: 'localhost:19101' }]);
  });

  test('on an existing cluster: the node address and the NodePort, never a host port', () => {
    expect(validatorEndpoints(linera.validators[1]!, onNode)).toEqual([{ label: 'gRPC (proxy)', address: '10.0.0.4:30101' }]);
    // Every port validator-1's nodes expose, at the NodePort its Service is given.
    const nodePorts = substrate.components.filter((c) => c.validator === 1).flatMap((c) => c.replicas.flatMap((r) => r.exposures.map((e) => e.nodePort)));
    expect(nodePorts.length).toBeGreaterThan(0);
    expect(validatorEndpoints(substrate.validators[1]!, onNode).map((e) => e.address)).toEqual(nodePorts.map((port) => `10.0.0.4:${port}`));
  });

  test('status and the dashboard show the same addresses for components, pods and validators', () => {
    const empty = { pods: [], statefulSets: [], jobs: [], scyllaClusters: [], storagePods: [] };
    const header = { devnet: 'linera', network: 'linera' as const, context: 'staging', phases: [] };
    const view = buildView(linera, empty, header, undefined, onNode);
    const validator = view.validators.find((v) => v.name === 'validator-2');
    expect(validator?.endpoints).toEqual(['10.0.0.4:30102']);
    expect(validator?.components.find((c) => c.name === 'proxy')?.endpoints).toEqual(['10.0.0.4:30102']);
    expect(JSON.stringify(view)).not.toMatch(/localhost|127\.0\.0\.1|:191\d\d/);
    const onKind = buildView(linera, empty, header);
    expect(onKind.validators.find((v) => v.name === 'validator-2')?.components.find((c) => c.name === 'proxy')?.endpoints).toEqual(['localhost:19102']);
  });
});

describe('a Linera committee on an existing cluster', () => {
  const onNode: Reach = { via: 'node-port', node: '10.0.0.4' };

  test('the default committee (localhost:<host port>) is called out, with the settings that make the wallet work', () => {
    const linera = loadShipped('linera').topology;
    const problem = unreachableCommittee(linera, onNode);
    expect(problem?.message).toContain('the committee advertises localhost:19100, localhost:19101, localhost:19102');
    expect(problem?.fix).toContain('--set linera.exposure.host=10.0.0.4 --set linera.exposure.hostPortBase=30100');
    // Following the fix: the committee advertises the node's NodePorts, and nothing is left to say.
    const fixed = loadShipped('linera', ['linera.exposure.host=10.0.0.4', 'linera.exposure.hostPortBase=30100']).topology;
    expect(fixed.validators.map((v) => v.endpoints[0]?.address)).toEqual(['10.0.0.4:30100', '10.0.0.4:30101', '10.0.0.4:30102']);
    expect(unreachableCommittee(fixed, onNode)).toBeUndefined();
  });

  test('a host name of the user\'s at the NodePorts passes; a port other than the NodePort, or on kind, does not apply', () => {
    expect(unreachableCommittee(loadShipped('linera', ['linera.exposure.host=devnet.example.org', 'linera.exposure.hostPortBase=30100']).topology, onNode)).toBeUndefined();
    expect(unreachableCommittee(loadShipped('linera', ['linera.exposure.host=devnet.example.org']).topology, onNode)?.message).toContain('devnet.example.org:19101');
    const linera = loadShipped('linera').topology;
    expect(unreachableCommittee(linera, hostReach(linera))).toBeUndefined();
    expect(unreachableCommittee(loadShipped('substrate').topology, onNode)).toBeUndefined();
  });
});
