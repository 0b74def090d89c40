/**
 * Rendering: a pure function from a topology and its key material to Kubernetes objects, in the
 * order they are applied (namespaces, data, storage, services, workloads, extras).
 */
import type { Material } from '../networks/material.js';
import type { ComponentPlan, Topology } from '../networks/topology.js';
import { awaitsDiscovery, commandsObject, dataObject, materialResolver, type RenderOptions } from './data.js';
import { ingressObjects, serviceMonitor } from './exposure.js';
import type { KubeObject } from './kube-object.js';
import { labels } from './labels.js';
import { scyllaCluster, scyllaConfig } from './scylla.js';
import { clientService, headlessService, replicaNodePortService, sharedNodePortService } from './services.js';

import { job, statefulSet } from './workloads.js';

export type { RenderOptions } from './data.js';

export function renderObjects(topology: Topology, material: Material, options: RenderOptions): KubeObject[] {
  const namespaces: KubeObject[] = topology.namespaces.map((ns) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns.name, labels: labels({ devnet: topology.name, network: topology.network, validator: ns.validator }) },
  }));
  const data = topology.data.filter((plan) => !awaitsDiscovery(plan, material, options)).map((plan) => dataObject(topology, plan, material, options));
  const storage = topology.scylla.flatMap((plan) => [scyllaConfig(topology, plan), scyllaCluster(topology, plan)]);
  const components = topology.components.map((component) => componentObjects(topology, component, material));
  const defined = <T>(value: T | undefined): value is T => value !== undefined;
  return [
    ...namespaces,
    ...data,
    ...components.flatMap((c) => c.config),
    ...storage,
    ...components.flatMap((c) => c.services),
    ...components.flatMap((c) => c.workload),
    ...topology.components.map((c) => serviceMonitor(topology, c)).filter(defined),
    ...topology.ingresses.flatMap((plan) => ingressObjects(topology, plan)),
  ];
}

function componentObjects(topology: Topology, component: ComponentPlan, material: Material) {
  if (component.workload === 'Job') {
    const resolve = materialResolver(material, 'public');
    const command = (component.replicas[0]?.command ?? []).map((word) => word.map((s) => ('text' in s ? s.text : 'material' in s ? resolve(s.material) : `$(${s.env})`)).join(''));
    return { config: [], services: [], workload: [job(topology, component, command)] };
  }
  const commands = commandsObject(topology, component, material);
  const services = [
    headlessService(topology, component),
    clientService(topology, component),
    sharedNodePortService(topology, component),
    ...component.replicas.map((replica) => replicaNodePortService(topology, component, replica)),
  ].filter((s): s is KubeObject => s !== undefined);
  return { config: [commands.object], services, workload: [statefulSet(topology, component, commands.hash)] };
}

