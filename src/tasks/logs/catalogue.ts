/** What a selector can name: the devnet's validators, namespaces, components and pods, from its profile and the cluster. */
import type { PodObject } from '../../kube/conditions.js';
import { LABEL, SHARED } from '../../render/labels.js';
import type { Catalogue } from './selector.js';
import { containersOf } from './types.js';

export interface PlannedDevnet {
  name: string;
  namespaces: { name: string; validator: number | null }[];
  components: { name: string }[];
}

/** The profile's plan and the pods that exist: a devnet deployed from an older profile still has its own names. */
export function catalogueOf(planned: PlannedDevnet, pods: readonly PodObject[]): Catalogue {
  const unique = <T>(values: T[]) => [...new Set(values)];
  const validatorOf = (pod: PodObject): number | null | undefined => {
    const label = pod.metadata.labels?.[LABEL.validator];
    if (label === SHARED) return null;
    return label !== undefined && /^\d+$/.test(label) ? Number(label) : undefined;
  };
  return {
    devnet: planned.name,
    validators: unique([...planned.namespaces.map((n) => n.validator), ...pods.map(validatorOf).filter((v): v is number | null => v !== undefined)]).sort(byValidator),
    namespaces: unique([...planned.namespaces.map((n) => n.name), ...pods.map((p) => p.metadata.namespace ?? '').filter((n) => n !== '')]),
    components: unique([...planned.components.map((c) => c.name), ...pods.map((p) => p.metadata.labels?.[LABEL.component] ?? '').filter((c) => c !== '')]),
    pods: unique(pods.map((p) => p.metadata.name)),
    containers: unique(pods.flatMap((p) => containersOf(p, undefined).map((c) => c.name))),
  };
}

const byValidator = (a: number | null, b: number | null) => (a ?? -1) - (b ?? -1);
