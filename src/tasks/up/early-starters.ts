/**
 * Pods a new kind node starts at the same moment as kube-proxy, and that ask the API server through
 * its Service address (10.96.0.1) as soon as they start: CoreDNS and kind's local-path-provisioner
 * (the default StorageClass). A first call that leaves before kube-proxy has written that Service's
 * rules is lost, and the pod waits out a 30 s dial timeout ("dial tcp 10.96.0.1:443: i/o timeout"):
 * meanwhile PVCs stay pending and names do not resolve. Seen on the kind tier after every new
 * cluster: 30 of the 36 s the Linera storage took, then 30 s more for its init Job to resolve the
 * storage server. After `up` creates a cluster, such a pod that started no later than kube-proxy
 * (plus the time kube-proxy takes to write its rules) is replaced once: the new one starts in about
 * 2 s, with the rules in place.
 */
import type { Kube, LiveObject } from '../../kube/client.js';
import { sleep } from '../../system/sleep.js';

/** How long kube-proxy may take after its container starts to write the Service rules. */
const RULES_MS = 3000;
const WAIT_MS = 90_000;

/** Deployments kind v0.33.0 starts with the node that need the API at once (kubeadm's CoreDNS, kind's local-path-storage manifest). */
const EARLY = [
  { name: 'coredns', namespace: 'kube-system', selector: 'k8s-app=kube-dns' },
  { name: 'local-path-provisioner', namespace: 'local-path-storage', selector: 'app=local-path-provisioner' },
] as const;

interface PodObject extends LiveObject {
  status?: { containerStatuses?: { restartCount?: number; state?: { running?: { startedAt?: string } } }[] };
}

export interface Started {
  name: string;
  startedAt: number;
  restarts: number;
}

/** Whether the pod may have made its first API call before kube-proxy's rules were there. */
export function startedTooEarly(pod: Started, kubeProxy: Started): boolean {
  return pod.restarts === 0 && pod.startedAt < kubeProxy.startedAt + RULES_MS;
}

/** The pods of `selector` whose first container runs; undefined while any of them has not started. */
async function running(kube: Kube, namespace: string, selector: string, signal: AbortSignal): Promise<Started[] | undefined> {
  const { items } = await kube.list<PodObject>('v1', 'Pod', { namespace, labelSelector: selector, signal });
  const pods = items.filter((p) => p.metadata.deletionTimestamp === undefined);
  const started = pods.map((pod) => {
    const status = pod.status?.containerStatuses?.[0];
    const at = status?.state?.running?.startedAt;
    return at === undefined ? undefined : { name: pod.metadata.name, startedAt: Date.parse(at), restarts: status?.restartCount ?? 0 };
  });
  return pods.length === 0 || started.includes(undefined) ? undefined : (started as Started[]);
}

/**
 * Replaces the pods of EARLY that started with kube-proxy; says which, or undefined when there was
 * nothing to do. Never fails `up`: what the node image lacks is left alone.
 */
export async function replaceEarlyStarters(kube: Kube, signal: AbortSignal): Promise<string | undefined> {
  if ((await kube.get('apps/v1', 'DaemonSet', 'kube-system', 'kube-proxy', signal)) === undefined) return undefined;
  const present = [];
  for (const early of EARLY) if ((await kube.get('apps/v1', 'Deployment', early.namespace, early.name, signal)) !== undefined) present.push(early);
  const deadline = Date.now() + WAIT_MS;
  const replaced: string[] = [];
  for (const early of present) {
    for (;;) {
      const kubeProxy = (await running(kube, 'kube-system', 'k8s-app=kube-proxy', signal))?.[0];
      const pods = await running(kube, early.namespace, early.selector, signal);
      if (kubeProxy !== undefined && pods !== undefined) {
        const stale = pods.filter((p) => startedTooEarly(p, kubeProxy));
        if (stale.length > 0) await sleep(Math.max(0, kubeProxy.startedAt + RULES_MS - Date.now()), signal);
        for (const pod of stale) await kube.delete('v1', 'Pod', early.namespace, pod.name, signal);
        if (stale.length > 0) replaced.push(early.name);
        break;
      }
      if (Date.now() > deadline) return replaced.length === 0 ? undefined : said(replaced);
      await sleep(500, signal);
    }
  }
  return replaced.length === 0 ? undefined : said(replaced);
}

const said = (names: string[]) => `${names.join(' and ')} started with kube-proxy, before the Service rules their first API call needs: replaced, so they do not wait out a 30 s timeout`;
