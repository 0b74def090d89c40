/** Optional public exposure of the proxy (Gateway API or Ingress) and Prometheus ServiceMonitors. */
import type { ComponentPlan, IngressPlan, Topology } from '../networks/topology.js';
import type { KubeObject } from './kube-object.js';
import { labels, selector } from './labels.js';
import { SERVICE_ROLE } from './services.js';

function meta(topology: Topology, plan: IngressPlan, name: string) {
  return { name, namespace: plan.namespace, labels: labels({ devnet: topology.name, network: topology.network, validator: plan.validator, component: plan.service }) };
}

export function ingressObjects(topology: Topology, plan: IngressPlan): KubeObject[] {
  return plan.kind === 'ingress' ? [...tlsObjects(topology, plan), ingress(topology, plan)] : gateway(topology, plan);
}

const TLS_NAME = 'proxy-tls';

function ingress(topology: Topology, plan: IngressPlan): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { ...meta(topology, plan, plan.name), annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' } },
    spec: {
      ingressClassName: plan.className,
      tls: [{ hosts: [plan.hostname], secretName: TLS_NAME }],
      rules: [{ host: plan.hostname, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: plan.service, port: { number: plan.port } } } }] } }],
    },
  };
}

/**
 * The Ingress certificate as cert-manager objects of devnet's own, rather than the
 * cert-manager.io/issuer annotation: they show in `devnet render`, are checked by a server-side
 * dry run against cert-manager's CRDs, carry devnet's labels (status, prune and down find them)
 * and do not depend on cert-manager's ingress-shim being enabled.
 */
function tlsObjects(topology: Topology, plan: IngressPlan): KubeObject[] {
  const issuer = plan.issuer ?? { kind: 'Issuer' as const, name: TLS_NAME };
  return [
    ...(plan.issuer === undefined ? [{ apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(topology, plan, TLS_NAME), spec: { selfSigned: {} } }] : []),
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta(topology, plan, TLS_NAME),
      spec: { secretName: TLS_NAME, dnsNames: [plan.hostname], issuerRef: { group: 'cert-manager.io', kind: issuer.kind, name: issuer.name } },
    },
  ];
}

function gateway(topology: Topology, plan: IngressPlan): KubeObject[] {
  return [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: meta(topology, plan, plan.name),
      spec: { gatewayClassName: plan.className, listeners: [{ name: 'grpc', protocol: 'HTTP', port: 80, hostname: plan.hostname }] },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GRPCRoute',
      metadata: meta(topology, plan, plan.name),
      spec: {
        parentRefs: [{ name: plan.name }],
        hostnames: [plan.hostname],
        rules: [{ backendRefs: [{ name: plan.service, port: plan.port }] }],
      },
    },
  ];
}

/** Scrapes /metrics through the headless Service, which lists every replica. */
export function serviceMonitor(topology: Topology, component: ComponentPlan): KubeObject | undefined {
  const metrics = component.ports.find((p) => p.metrics);
  if (!topology.serviceMonitors.enabled || metrics === undefined || component.workload !== 'StatefulSet') return undefined;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      name: component.name,
      namespace: component.namespace,
      labels: labels({ devnet: topology.name, network: topology.network, validator: component.validator, component: component.name }),
    },
    spec: {
      selector: { matchLabels: { ...selector(topology.name, component.name), [SERVICE_ROLE]: 'headless' } },
      endpoints: [{ port: metrics.name, path: '/metrics', interval: topology.serviceMonitors.interval }],
    },
  };
}
