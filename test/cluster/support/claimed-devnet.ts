/**
 * A devnet as `up` leaves it after its Claim step (interrupted there, or with nothing yet
 * running): its first namespace and its record, nothing else. Enough for the commands that first
 * ask whether the devnet is there. Removed when the test finishes.
 */
import { inject, onTestFinished } from 'vitest';
import type { NetworkKind } from '../../../src/networks/registry.js';
import { Kube, type LiveObject } from '../../../src/kube/client.js';
import { validatorNamespace } from '../../../src/networks/naming.js';
import { labels } from '../../../src/render/labels.js';
import { recordObject } from '../../../src/tasks/record.js';

export async function claimedDevnet(devnet: string, network: NetworkKind, cluster: { provider: 'kind' | 'existing'; name: string }, profile: string = network): Promise<void> {
  const kube = Kube.connect({ kubeconfig: inject('kubeconfig') });
  const namespace = validatorNamespace(devnet, 0);
  const now = new Date().toISOString();
  onTestFinished(async () => {
    await kube.delete('v1', 'Namespace', undefined, namespace).catch(() => {});
  });
  const created: LiveObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: labels({ devnet, network, validator: 0 }) } };
  await kube.apply(created);
  await kube.apply(recordObject({ devnet, network, profile, cluster, createdAt: now, updatedAt: now, namespaces: [namespace], nodePorts: [], hostPorts: [] }));
}
