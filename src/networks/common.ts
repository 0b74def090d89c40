/** Parts of a topology every network kind builds the same way. */
import type { CommonProfile } from '../config/schema.js';
import type { ClusterPlan, HostExposure } from './topology.js';
import { validatorNamespace } from './naming.js';

export const DOWNWARD_ENV = [
  { name: 'DEVNET_NODE_IP', from: { field: 'status.hostIP' } },
  { name: 'DEVNET_POD_IP', from: { field: 'status.podIP' } },
] as const;

/** Host ports for validators 0..reservedValidators-1, so the kind config does not change as validators are added. */
export function clusterPlan(
  profile: CommonProfile,
  exposuresOf: (validator: number) => HostExposure[],
  shared: HostExposure[] = [],
): ClusterPlan {
  const reservedCount = Math.max(profile.cluster.reservedValidators, profile.validators);
  const reserved = [...shared, ...Array.from({ length: reservedCount }, (_, v) => exposuresOf(v)).flat()];
  return {
    provider: profile.cluster.provider,
    name: profile.cluster.name,
    ...(profile.cluster.context === undefined ? {} : { context: profile.cluster.context }),
    nodeImage: profile.cluster.nodeImage,
    base: profile.cluster.base,
    listenAddress: profile.cluster.listenAddress,
    reserved,
    cache: { ...profile.cluster.cache },
    pullConcurrency: profile.cluster.pullConcurrency,
  };
}

export function validatorNamespaces(profile: CommonProfile): { name: string; validator: number }[] {
  return Array.from({ length: profile.validators }, (_, v) => ({ name: validatorNamespace(profile.name, v), validator: v }));
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
