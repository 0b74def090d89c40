/**
 * Every image the devnet's own objects run, with who runs it: each component's container (StatefulSets
 * and Jobs alike) and init containers, and what the ScyllaClusters make scylla-operator run.
 * The prerequisites' images come from their manifests (src/prereqs/images.ts), the node image from
 * the cluster plan.
 */
import type { Topology } from './topology.js';

export interface ImageUse {
  image: string;
  /** Who runs it, e.g. validator-0/shards, storage, scylla-operator. */
  users: string[];
}

/**
 * ScyllaCluster's repository and agentRepository, as src/render/scylla.ts writes them: the image
 * repositories scylla-operator pulls ScyllaDB and its agent from, `version` and `agentVersion` being
 * their tags (the ScyllaCluster CRD of scylla-operator v1.21.1, deploy/operator.yaml:1853-1860 and
 * 5417-5437 in test/fixtures/upstream).
 */
export const SCYLLA_REPOSITORY = 'docker.io/scylladb/scylla';
export const SCYLLA_AGENT_REPOSITORY = 'docker.io/scylladb/scylla-manager-agent';

export function workloadImages(topology: Topology): ImageUse[] {
  const found = new Map<string, ImageUse>();
  const add = (image: string, user: string) => {
    const entry = found.get(image) ?? { image, users: [] };
    if (!entry.users.includes(user)) entry.users.push(user);
    found.set(image, entry);
  };
  for (const component of topology.components) {
    const user = component.validator === null ? component.name : `validator-${component.validator}/${component.name}`;
    add(component.image, user);
    for (const init of component.initContainers) add(init.image, `${user} (init ${init.name})`);
  }
  for (const scylla of topology.scylla) {
    const user = scylla.validator === null ? scylla.name : `validator-${scylla.validator}/${scylla.name}`;
    add(`${SCYLLA_REPOSITORY}:${scylla.version}`, user);
    add(`${SCYLLA_AGENT_REPOSITORY}:${scylla.agentVersion}`, `${user} (agent)`);
  }
  return [...found.values()];
}

/** Collapses the users of many replicas into one line each: validator-0/shards, validator-1/shards → shards (2 validators). */
export function summariseUsers(users: readonly string[]): string[] {
  const byRole = new Map<string, number>();
  const order: string[] = [];
  for (const user of users) {
    const role = user.replace(/^validator-\d+\//, '');
    if (!byRole.has(role)) order.push(role);
    byRole.set(role, (byRole.get(role) ?? 0) + (user === role ? 0 : 1));
  }
  return order.map((role) => {
    const validators = byRole.get(role) ?? 0;
    return validators > 1 ? `${role} (${validators} validators)` : role;
  });
}
