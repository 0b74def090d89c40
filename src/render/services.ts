/** Services: headless for per-replica DNS, a client Service, and NodePorts for what the host reaches. */
import type { ComponentPlan, HostExposure, ReplicaPlan, Topology } from '../networks/topology.js';
import type { KubeObject } from './kube-object.js';
import { labels, selector } from './labels.js';

export const SERVICE_ROLE = 'devnet/service';

function meta(topology: Topology, component: ComponentPlan, name: string, role: string) {
  return {
    name,
    namespace: component.namespace,
    labels: { ...labels({ devnet: topology.name, network: topology.network, validator: component.validator, component: component.name }), [SERVICE_ROLE]: role },
  };
}

const servicePort = (p: { name: string; port: number; protocol: string }) => ({ name: p.name, port: p.port, targetPort: p.port, protocol: p.protocol });

export function headlessService(topology: Topology, component: ComponentPlan): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(topology, component, component.headless, 'headless'),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: selector(topology.name, component.name),
      // Ports each replica binds at its own number cannot be one Service port; peers reach them by NodePort.
      ports: component.ports.filter((p) => p.bindsNodePort !== true).map(servicePort),
    },
  };
}

export function clientService(topology: Topology, component: ComponentPlan): KubeObject | undefined {
  if (component.clientService === undefined) return undefined;
  const wanted = component.clientService.ports;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(topology, component, component.clientService.name, 'client'),
    spec: { type: 'ClusterIP', selector: selector(topology.name, component.name), ports: component.ports.filter((p) => wanted.includes(p.name)).map(servicePort) },
  };
}

/** Traffic to a NodePort goes to the port the process binds: its fixed port, or the NodePort number itself. */
function nodePorts(component: ComponentPlan, exposures: HostExposure[]) {
  return exposures.map((e) => {
    const bind = component.ports.find((p) => p.name === e.portName);
    const target = bind === undefined || bind.bindsNodePort === true ? e.nodePort : bind.port;
    return { name: e.portName, protocol: e.protocol, port: target, targetPort: target, nodePort: e.nodePort };
  });
}

/** One NodePort Service per exposed replica, selecting that pod alone. */
export function replicaNodePortService(topology: Topology, component: ComponentPlan, replica: ReplicaPlan): KubeObject | undefined {
  if (replica.exposures.length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(topology, component, `${replica.pod}-nodeport`, 'nodeport'),
    spec: {
      type: 'NodePort',
      selector: { ...selector(topology.name, component.name), 'statefulset.kubernetes.io/pod-name': replica.pod },
      ports: nodePorts(component, replica.exposures),
    },
  };
}

/** One NodePort Service load-balancing across all replicas, e.g. a validator's proxies. */
export function sharedNodePortService(topology: Topology, component: ComponentPlan): KubeObject | undefined {
  if (component.sharedExposure === undefined) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(topology, component, component.sharedExposure.service, 'nodeport'),
    spec: { type: 'NodePort', selector: selector(topology.name, component.name), ports: nodePorts(component, component.sharedExposure.exposures) },
  };
}
