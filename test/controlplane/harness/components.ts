/**
 * Command lines of the five components. Every listener is bound to 127.0.0.1 on a port picked at
 * start, so two control planes can run side by side and nothing is reachable from outside.
 */
import type { Pki } from './pki.js';
import type { Probe } from './health.js';

export interface Ports {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
  kwok: number;
  /** Nothing listens here; see isolatedEnv. */
  proxyTrap: number;
}

export interface Layout {
  binDir: string;
  pki: Pki;
  kubeconfig: string;
  etcdData: string;
  kwokConfig: string;
}

export interface ComponentSpec {
  name: 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok';
  args: string[];
  probe: Probe;
  /** Extra environment for this component only. */
  env?: Record<string, string>;
}

const loopback = '127.0.0.1';
// Health endpoints must answer without a client certificate.
const openHealth = '--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics';

export function etcdSpec(ports: Ports, layout: Layout): ComponentSpec {
  const client = `http://${loopback}:${ports.etcdClient}`;
  const peer = `http://${loopback}:${ports.etcdPeer}`;
  return {
    name: 'etcd',
    args: [
      '--name=node0', `--data-dir=${layout.etcdData}`,
      `--listen-client-urls=${client}`, `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`, `--initial-advertise-peer-urls=${peer}`, `--initial-cluster=node0=${peer}`,
      // Test data is disposable: skipping fsync makes every write (and so every API call) faster.
      '--unsafe-no-fsync', '--auto-compaction-retention=1', '--quota-backend-bytes=2147483648', '--log-level=warn',
    ],
    probe: { url: `${client}/readyz` },
  };
}

export function apiserverSpec(ports: Ports, layout: Layout): ComponentSpec {
  const { pki } = layout;
  return {
    name: 'kube-apiserver',
    args: [
      `--etcd-servers=http://${loopback}:${ports.etcdClient}`,
      // Without it the apiserver looks for a default route and dies on machines that have none.
      `--bind-address=${loopback}`, `--advertise-address=${loopback}`, `--secure-port=${ports.apiserver}`,
      // From v1.37 the lease reconciler refuses a loopback address for the `kubernetes` Service's
      // endpoints (pkg/controlplane/instance.go:354, "cannot use public IP 127.0.0.1 with endpoint
      // reconciler"). Nothing here dials that Service: no pod runs, so it keeps no endpoints.
      '--endpoint-reconciler-type=none',
      `--tls-cert-file=${pki.cert}`, `--tls-private-key-file=${pki.key}`, `--client-ca-file=${pki.caCert}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.serviceAccountKey}`, `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      '--service-cluster-ip-range=10.96.0.0/16', '--authorization-mode=Node,RBAC', '--allow-privileged=true',
      `--proxy-client-cert-file=${pki.cert}`, `--proxy-client-key-file=${pki.key}`,
      // Pod logs are fetched from KWOK's fake kubelet at the node's InternalIP (127.0.0.1).
      '--kubelet-preferred-address-types=InternalIP',
      '--enable-priority-and-fairness=false', '--max-requests-inflight=0', '--max-mutating-requests-inflight=0',
    ],
    probe: { url: `https://${loopback}:${ports.apiserver}/readyz`, caFile: pki.caCert },
  };
}

export function controllerManagerSpec(ports: Ports, layout: Layout): ComponentSpec {
  return {
    name: 'kube-controller-manager',
    args: [
      `--kubeconfig=${layout.kubeconfig}`, '--leader-elect=false',
      `--bind-address=${loopback}`, `--secure-port=${ports.controllerManager}`, openHealth,
      `--root-ca-file=${layout.pki.caCert}`, `--service-account-private-key-file=${layout.pki.serviceAccountKey}`,
    ],
    probe: { url: `https://${loopback}:${ports.controllerManager}/healthz` },
  };
}

export function schedulerSpec(ports: Ports, layout: Layout): ComponentSpec {
  return {
    name: 'kube-scheduler',
    args: [
      `--kubeconfig=${layout.kubeconfig}`, '--leader-elect=false',
      `--bind-address=${loopback}`, `--secure-port=${ports.scheduler}`, openHealth,
    ],
    probe: { url: `https://${loopback}:${ports.scheduler}/healthz` },
  };
}

export function kwokSpec(ports: Ports, layout: Layout, kwokHome: string): ComponentSpec {
  return {
    name: 'kwok',
    args: [
      `--kubeconfig=${layout.kubeconfig}`, `--config=${layout.kwokConfig}`, '--manage-all-nodes=true',
      // The fake kubelet: node-initialize publishes this IP and port, the apiserver dials it for logs.
      '--node-name=localhost', `--node-ip=${loopback}`, `--node-port=${ports.kwok}`,
      `--server-address=${loopback}:${ports.kwok}`,
      `--tls-cert-file=${layout.pki.cert}`, `--tls-private-key-file=${layout.pki.key}`,
      '--node-lease-duration-seconds=40', '--cidr=10.244.0.0/16', '--enable-crds=Logs',
    ],
    probe: { url: `http://${loopback}:${ports.kwok}/healthz` },
    // KWOK also reads ~/.kwok/kwok.yaml when it exists; keep the user's file out of the tests.
    env: { HOME: kwokHome, KWOK_WORKDIR: kwokHome },
  };
}

/**
 * The components' environment. Their outbound HTTP(S) (webhooks, aggregated APIs) would go to
 * ClusterIPs, which are not routed here: off the machine they time out after 10-30s, and behind a
 * transparent egress proxy they reach a stranger. Pointing the proxy at a closed loopback port
 * makes such calls fail at once and keeps all traffic on loopback (Go never proxies loopback).
 */
export function isolatedEnv(base: NodeJS.ProcessEnv, ports: Ports): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const key of Object.keys(env)) if (/^(https?|all|no)_proxy$/i.test(key)) delete env[key];
  const trap = `http://${loopback}:${ports.proxyTrap}`;
  return { ...env, HTTP_PROXY: trap, HTTPS_PROXY: trap, NO_PROXY: `${loopback},localhost` };
}

export function kubeconfigYaml(server: string, pki: Pki): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: devnet-test`,
    `  cluster: {server: "${server}", certificate-authority: "${pki.caCert}"}`,
    'users:',
    '- name: devnet-admin',
    `  user: {client-certificate: "${pki.cert}", client-key: "${pki.key}"}`,
    'contexts:',
    '- name: devnet-test',
    '  context: {cluster: devnet-test, user: devnet-admin}',
    'current-context: devnet-test',
    '',
  ].join('\n');
}
